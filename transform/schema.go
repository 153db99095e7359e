// Package transform turns the raw rows of any source into the one canonical
// observation schema: it parses numbers, periods, units and places, maps
// source series onto plan indicators, and validates every row. A row that
// fails is not dropped: it travels in the same Arrow stream with its reason,
// so the warehouse can store it in rejected_rows and the count
// rows in = loaded + rejected always holds.
//
// transform never opens a database; it produces Arrow record batches that
// package load inserts.
package transform

import (
	"github.com/apache/arrow-go/v18/arrow"
)

// Column positions in ObservationSchema.
const (
	ColSeriesID = iota
	ColIndicator
	ColGeo
	ColPeriodKind
	ColPeriodStart
	ColPeriodEnd
	ColValue
	ColUnit
	ColStatus
	ColSheet
	ColRow
	ColColumn
	ColLocator
	ColRawSeries
	ColRawGeo
	ColRawPeriod
	ColRawValue
	ColRejectReason
	ColCitation
)

// ObservationSchema is the canonical schema of an observation on its way to
// the warehouse. It is declared here once; load and the tests import it.
// A row with a non-null reject_reason is a rejected input row: its parsed
// columns are null and its raw_* columns say what was read.
var ObservationSchema = arrow.NewSchema([]arrow.Field{
	// series_id identifies the series within the warehouse: the configured
	// source name and the source's own series code (plus dimensions).
	{Name: "series_id", Type: arrow.BinaryTypes.String},
	// indicator_code is the plan indicator the series feeds, if mapped.
	{Name: "indicator_code", Type: arrow.BinaryTypes.String, Nullable: true},
	// geo_code is the GSO province code ("01" = Hà Nội), "VN", or ISO-3.
	{Name: "geo_code", Type: arrow.BinaryTypes.String, Nullable: true},
	// period_kind is year, half, quarter, month or ytd.
	{Name: "period_kind", Type: arrow.BinaryTypes.String, Nullable: true},
	// period_start and period_end bound the reference period, inclusive.
	{Name: "period_start", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	{Name: "period_end", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	// value is in the indicator's unit (or the source's, when unmapped);
	// null when the source marks the value missing or confidential.
	{Name: "value", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "unit", Type: arrow.BinaryTypes.String, Nullable: true},
	// obs_status: preliminary, estimated, missing, confidential, or the
	// source's own flag.
	{Name: "obs_status", Type: arrow.BinaryTypes.String, Nullable: true},
	// sheet, row_no, col and locator say where in the payload the value was.
	{Name: "sheet", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "row_no", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "col", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "locator", Type: arrow.BinaryTypes.String, Nullable: true},
	// raw_* are the cells as read, kept for rejected rows and audits.
	{Name: "raw_series", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "raw_geo", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "raw_period", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "raw_value", Type: arrow.BinaryTypes.String, Nullable: true},
	// reject_reason is null for accepted rows.
	{Name: "reject_reason", Type: arrow.BinaryTypes.String, Nullable: true},
	// citation is where a published figure was quoted from (publisher, the
	// page's address and date, the sentence, the method), as JSON; null for
	// values whose payload is itself the evidence.
	{Name: "citation", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)
