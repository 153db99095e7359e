// Package sdmx decodes SDMX data messages, the exchange format of the
// statistics offices and international organisations chitieu reads from
// (ILO, IMF's National Summary Data Pages that Viet Nam's GSO publishes,
// Eurostat, ECB, OECD).
//
// SDMX is one information model written four ways, and agencies serve
// whichever their software produces; this package reads all of them
// into the same rows, so a source can change its download format without
// a change to its mapping:
//
//   - SDMX-CSV 1.0: header cell DATAFLOW, then dimensions, OBS_VALUE,
//     attributes;
//   - SDMX-CSV 2.0: header cell STRUCTURE (optionally STRUCTURE[x], which
//     declares x as the in-cell list separator), STRUCTURE_ID, optional
//     STRUCTURE_NAME, ACTION, SERIES_KEY, OBS_KEY, then components; the
//     field separator is whatever follows the first header cell, and the
//     labels=both ("A: Value A") and labels=name (a label column after each
//     component column) variants are understood;
//   - SDMX-JSON data messages: the draft 1.0 layout
//     (header/structure/dataSets), 1.0 (meta/data.structure) and 2.x
//     (meta/data.structures), with series or flat observations;
//   - SDMX-ML 2.1 StructureSpecificData and GenericData messages (series
//     or flat, with group attributes), read with a streaming token
//     decoder; SDMX-ML 2.0 CompactData/GenericData and 3.0 messages of the
//     same shapes are read on a best-effort basis (no real sample tested);
//   - SDMX-ML and SDMX-JSON error messages, and SDMX-ML footers of
//     severity Error, which are refused with the agency's message.
//
// Not read: SDMX-JSON 2.x dimensionGroupAttributes, SDMX-ML annotations,
// SDMX-CSV 2.0 multi-measure files beyond OBS_VALUE (other measure
// columns are read as attributes, so they are dropped).
//
// # Rows
//
// Every observation becomes one extract.RawRow; none is dropped, and
// values are not interpreted: Value is OBS_VALUE as written (a comma
// decimal stays a comma decimal, "NaN" and "na" stay as they are, a JSON
// null is ""), Period is TIME_PERIOD as written ("2023", "2023-Q2",
// "2013-01-18"). Transform parses both and rejects what it cannot read;
// "NaN", SDMX's way of writing a missing value, it reads as missing.
//
// Series is the structure reference followed by a slash and the codes of
// every dimension except the time dimension, joined by dots, in key order,
// with the geography's position left empty (SDMX's wildcard notation), so
// that one series runs across every area of a message, as in the other
// formats; the area is in Geo:
//
//	ILO:DF_EMP_TEMP_SEX_INS_DSB_NB(1.0)/.A.EMP_TEMP_NB.SEX_T.INS_SECTOR_TOTAL.DSB_STATUS_TOTAL
//	ECB:EXR(1.0)/D.NZD.EUR.SP00.A
//	IMF:ECOFIN_DSD(1.0)/LMI..LLF_PE_NUM._Z.Q
//
// Key order is the column order in SDMX-CSV, keyPosition in SDMX-JSON and,
// since a structure-specific XML message carries no structure definition,
// the order of the XML attributes on Series (then Obs) in SDMX-ML. The
// structure reference is AGENCY:ID(VERSION) of the dataflow where the
// message names one, else of the data structure; the IMF's
// "IMF:ECOFIN_DSD(1.0)" is a data structure.
//
// Dims holds the dimensions of the series key (id → code) and nothing
// else: not the time dimension (Period), not the geography (Geo), and no
// attribute. Transform names a series by its code and Dims, so an
// attribute that varies from one observation to the next (OBS_STATUS P on
// the newest year, a comment) would otherwise split one series into
// several. Attributes reach the row only as Unit, UnitMult, Status and
// SeriesName (below). Which components are dimensions: SDMX-JSON says so
// in its structure (dimensions against attributes), SDMX-ML generic data
// in its elements (SeriesKey/ObsKey against Attributes), SDMX-CSV by
// position (dimensions before OBS_VALUE, attributes after it; a column
// before OBS_VALUE whose id is a known attribute concept, such as
// OBS_STATUS or UNIT_MULT, is still an attribute). Without a structure
// definition an SDMX-ML structure-specific message does not say which XML
// attributes are dimensions: ids in the SDMX cross-domain attribute set
// (UNIT_MULT, UNIT_MEASURE, DECIMALS, TITLE…, COMMENT…, NOTE…, SOURCE…,
// OBS_…) are taken as attributes, all others as dimensions. In SDMX-CSV
// without a TIME_PERIOD (or TIME) column, the time dimension is the last
// dimension column, as SDMX puts the time dimension last in every key.
//
// Geo is the REF_AREA (or GEO, any case) code, or in SDMX-JSON the
// dimension with role REF_AREA. Unit is UNIT_MEASURE, else a dimension or
// attribute called UNIT (Eurostat's lower-case "unit"). UnitMult is
// UNIT_MULT, which must be an integer: a scale that cannot be read is an
// error for the whole payload, since loading the numbers without it would
// load them a thousand times wrong. Status is OBS_STATUS (else OBS_FLAG).
// SeriesName is the TITLE attribute as written, else the labels of the
// series key's dimensions, the area's excepted, joined by ", ".
// An observation that the message marks for deletion (CSV ACTION D, JSON or
// XML dataset action Delete) is an instruction, not a value: it is still
// emitted, with Reject set, so that transform keeps it among the rejected
// rows with that reason (chitieu keeps every vintage and deletes nothing).
//
// Origin.Row is the line of the observation (the CSV record, the CSV header
// being line 1, or the XML Obs element; 0 in JSON); Origin.Key is the
// observation's key: the JSON positional key "series/observation"
// ("0:0:0:0:0/12", or "1:0:2:0:0:0" for flat observations, prefixed
// "dataSets[i]:" when a message has several data sets), the XML "series
// codes/observation codes" ("LMI.VN.LLF_PE_NUM._Z.Q/2012-Q1", or only the
// observation codes for flat data), or OBS_KEY in SDMX-CSV 2.0. Column is
// OBS_VALUE for CSV.
package sdmx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

func init() { extract.Register(&Decoder{}) }

// Decoder reads SDMX data messages in any of their serialisations.
type Decoder struct{}

var _ extract.Decoder = (*Decoder)(nil)

// Errors about a payload as a whole. Decode wraps them with the payload URI
// and, where one is known, the position.
var (
	// ErrNotSDMX: the payload is not an SDMX data message.
	ErrNotSDMX = errors.New("not an SDMX data message")
	// ErrErrorMessage: the agency answered with an SDMX error message.
	ErrErrorMessage = errors.New("SDMX error message instead of data")
	// ErrStructure: the data refer to dimensions or values the message's
	// own structure does not have.
	ErrStructure = errors.New("data do not match the message structure")
)

// Name implements extract.Decoder.
func (*Decoder) Name() string { return "sdmx" }

// Sniff implements extract.Decoder: SDMX-CSV by its first header cells,
// SDMX-JSON by its top-level members, SDMX-ML by its root element and
// namespace.
func (*Decoder) Sniff(head []byte) bool {
	head = trimHead(head)
	if len(head) == 0 {
		return false
	}
	switch head[0] {
	case '{':
		return sniffJSON(head)
	case '<':
		return sniffXML(head)
	}
	_, _, ok := csvDialect(head)
	return ok
}

// Decode implements extract.Decoder.
func (*Decoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	whole, err := p.Bytes()
	if err != nil {
		return err
	}
	body, skippedLines := trimBody(whole)
	if len(body) == 0 {
		return fmt.Errorf("%s: empty payload: %w", p.URI, ErrNotSDMX)
	}
	switch body[0] {
	case '{':
		err = decodeJSON(ctx, p.URI, body, out)
	case '<':
		err = decodeXML(ctx, p.URI, body, out)
	default:
		err = decodeCSV(ctx, p.URI, body, skippedLines, out)
	}
	var s stop
	if errors.As(err, &s) {
		return s.err
	}
	return err
}

// trimHead removes a BOM and leading white space, as extract.Head does, so
// that Sniff works on raw bytes too.
func trimHead(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	return bytes.TrimLeft(b, " \t\r\n")
}

// trimBody is trimHead that also counts the lines it removed, so CSV line
// numbers still point into the original file.
func trimBody(b []byte) ([]byte, int) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	t := bytes.TrimLeft(b, " \t\r\n")
	return t, bytes.Count(b[:len(b)-len(t)], []byte("\n"))
}

// comp is one component value of an observation.
type comp struct {
	id, code, label string
}

// obs is an observation assembled by one of the format readers, before it
// becomes a RawRow.
type obs struct {
	flow   string // structure reference, AGENCY:ID(VERSION)
	dims   []comp // dimensions except time, in key order
	period string
	attrs  []comp // attributes (and further measures), in message order
	value  string
	geoID  string // id of the geography dimension when the format says (JSON role); else found by name
	action string // dataset or row action
	reject string // why the row is not a value, when it is not (see RawRow.Reject)
	origin extract.Origin
}

// row turns an observation into a RawRow; an unreadable UNIT_MULT is the one
// error.
func (o *obs) row() (extract.RawRow, error) {
	r := extract.RawRow{
		Origin: o.origin,
		Period: o.period,
		Value:  o.value,
		Dims:   make(map[string]string, len(o.dims)),
	}
	// Dims are the dimensions of the series key only: an attribute (a
	// status, a note) that changes from one observation to the next must
	// not split a series. The geography is the dimension the structure
	// gives the REF_AREA role (JSON), else the one called REF_AREA or GEO;
	// it goes to Geo, not Dims.
	geoDim := -1
	ids := []string{"REF_AREA", "GEO"}
	if o.geoID != "" {
		ids = []string{o.geoID}
	}
	for _, id := range ids {
		for i, d := range o.dims {
			if geoDim < 0 && strings.EqualFold(d.id, id) {
				geoDim = i
			}
		}
	}
	var key strings.Builder
	key.WriteString(o.flow)
	key.WriteByte('/')
	var labels []string
	for i, d := range o.dims {
		if i > 0 {
			key.WriteByte('.')
		}
		if i == geoDim {
			// Left empty, SDMX's wildcard: one series runs across every
			// area of the message ("A..RD_EXP"), as in the other formats.
			continue
		}
		key.WriteString(d.code)
		r.Dims[d.id] = d.code
		if d.label != "" {
			labels = append(labels, d.label)
		}
	}
	r.Series = key.String()

	attr := func(ids ...string) (string, bool) {
		for _, id := range ids {
			for _, c := range o.attrs {
				if strings.EqualFold(c.id, id) && c.code != "" {
					return c.code, true
				}
			}
		}
		return "", false
	}
	get := func(ids ...string) (string, bool) {
		for _, id := range ids {
			for _, c := range o.dims {
				if strings.EqualFold(c.id, id) && c.code != "" {
					return c.code, true
				}
			}
			if v, ok := attr(id); ok {
				return v, true
			}
		}
		return "", false
	}
	title := func() string {
		for _, c := range o.attrs {
			if strings.EqualFold(c.id, "TITLE") {
				if c.label != "" {
					return c.label
				}
				return c.code
			}
		}
		return ""
	}
	if t := title(); t != "" {
		r.SeriesName = t
	} else {
		r.SeriesName = strings.Join(labels, ", ")
	}
	if geoDim >= 0 {
		r.Geo = o.dims[geoDim].code
	} else {
		r.Geo, _ = attr(ids...)
	}
	r.Unit, _ = get("UNIT_MEASURE", "UNIT")
	r.Status, _ = get("OBS_STATUS", "OBS_FLAG")
	if m, ok := get("UNIT_MULT"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(m))
		if err != nil {
			return r, &extract.DecodeError{Origin: o.origin, Err: fmt.Errorf("UNIT_MULT %q is not a power of ten: %w", m, ErrStructure)}
		}
		r.UnitMult = n
	}
	if isDelete(o.action) {
		what := "SDMX ACTION=" + o.action + " (delete)" // SDMX-CSV 2.0
		if !strings.EqualFold(o.action, "D") {
			what = "SDMX dataset action " + o.action // SDMX-JSON, SDMX-ML
		}
		r.Reject = what + " is not a value; chitieu keeps every vintage"
	}
	if r.Reject == "" && o.reject != "" {
		r.Reject = o.reject
	}
	return r, nil
}

func isDelete(action string) bool {
	return strings.EqualFold(action, "D") || strings.EqualFold(action, "Delete")
}

// emit sends one observation, checking for cancellation first. Errors of
// the sink and of the context come back wrapped in stop, so that the format
// readers pass them up untouched.
func emit(ctx context.Context, out extract.Sink, o *obs) error {
	if err := ctx.Err(); err != nil {
		return stop{err}
	}
	r, err := o.row()
	if err != nil {
		return err
	}
	if err := out.Row(r); err != nil {
		return stop{err}
	}
	return nil
}

// stop carries an error of the sink or the context through a format reader.
type stop struct{ err error }

func (s stop) Error() string { return s.err.Error() }
func (s stop) Unwrap() error { return s.err }

// attributeIDs are SDMX cross-domain concepts that are attributes in every
// structure that uses them. They tell dimensions from attributes where a
// message does not (SDMX-ML structure-specific data).
var attributeIDs = map[string]bool{
	"UNIT_MULT": true, "UNIT_MEASURE": true, "UNIT_MEASURE_TYPE": true, "DECIMALS": true,
	"TIME_FORMAT": true, "TIME_PER_COLLECT": true, "BASE_PER": true, "BASE_YEAR": true,
	"SOURCE": true, "COLLECTION": true, "COMPILATION": true, "COVERAGE": true,
	"CONF_STATUS": true, "EMBARGO_DATE": true, "DATA_COMP": true, "METHODOLOGY": true,
	"UPPER_BOUND": true, "LOWER_BOUND": true, "BREAKS": true, "PRE_BREAK_VALUE": true,
	"REF_PERIOD_DETAIL": true, "REPYEARSTART": true, "REPYEAREND": true, "UNIT_INDEX_BASE": true,
	"DATA_QUALITY": true, "DOI": true, "NAT_TITLE": true, "PUBL_PUBLIC": true, "PUBL_ECB": true,
	"PUBL_MU": true, "DOM_SER_IDS": true, "UNIT_PRICE_BASE": true, "COMPILING_ORG": true,
	"DISS_ORG": true,
}

// isAttributeID reports whether id names an attribute by SDMX convention.
func isAttributeID(id string) bool {
	u := strings.ToUpper(id)
	if attributeIDs[u] {
		return true
	}
	if u == "OBS_VALUE" {
		return false
	}
	for _, p := range []string{"OBS_", "TITLE", "COMMENT", "NOTE", "SOURCE_"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

// isTimeID reports whether a dimension id is the time dimension.
func isTimeID(id string) bool {
	return strings.EqualFold(id, "TIME_PERIOD") || strings.EqualFold(id, "TIME")
}

// structureRef renders a maintainable reference as AGENCY:ID(VERSION).
func structureRef(agency, id, version string) string {
	if id == "" {
		return ""
	}
	s := id
	if agency != "" {
		s = agency + ":" + id
	}
	if version != "" {
		s += "(" + version + ")"
	}
	return s
}

// refFromURN extracts AGENCY:ID(VERSION) from an SDMX URN
// ("urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=ECB:EXR(1.0)",
// also with a trailing ":ObsLevelDim:TIME_PERIOD" namespace suffix).
func refFromURN(urn string) string {
	i := strings.LastIndexByte(urn, '=')
	if i < 0 || !strings.HasPrefix(strings.ToLower(urn), "urn:sdmx:") {
		return ""
	}
	s := urn[i+1:]
	if j := strings.IndexByte(s, ')'); j >= 0 {
		return s[:j+1]
	}
	if parts := strings.SplitN(s, ":", 3); len(parts) >= 2 {
		return parts[0] + ":" + parts[1]
	}
	return s
}

// agencyOf is the maintenance agency of a structure reference.
func agencyOf(ref string) string {
	if i := strings.IndexByte(ref, ':'); i > 0 {
		return ref[:i]
	}
	return ""
}

// parseTime reads the Prepared time of a message header; zero if absent or
// unreadable (the vintage is informative, not data).
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z0700", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// lineAt is the 1-based line of byte offset off in b.
func lineAt(b []byte, off int64) int {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(b[:off], []byte("\n"))
}
