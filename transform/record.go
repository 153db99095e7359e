package transform

// Building the Arrow batches of the canonical schema (schema.go) from
// normalised rows.

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/hanoi-sti/chitieu/extract"
)

func (s *normaliser) append(r extract.RawRow, o normalised, reason string) {
	b := s.b
	str := func(i int, v string) {
		sb := b.Field(i).(*array.StringBuilder)
		if v == "" {
			sb.AppendNull()
		} else {
			sb.Append(v)
		}
	}
	rejected := reason != ""
	if rejected {
		str(ColSeriesID, s.payload.Source+"/"+strings.TrimSpace(r.Series))
		for _, i := range []int{ColIndicator, ColGeo, ColPeriodKind, ColUnit, ColStatus} {
			b.Field(i).AppendNull()
		}
		b.Field(ColPeriodStart).AppendNull()
		b.Field(ColPeriodEnd).AppendNull()
		b.Field(ColValue).AppendNull()
	} else {
		str(ColSeriesID, o.seriesID)
		str(ColIndicator, o.indicator)
		str(ColGeo, o.geo)
		str(ColPeriodKind, o.period.Kind)
		b.Field(ColPeriodStart).(*array.Date32Builder).Append(arrow.Date32FromTime(o.period.Start))
		b.Field(ColPeriodEnd).(*array.Date32Builder).Append(arrow.Date32FromTime(o.period.End))
		if o.hasValue {
			b.Field(ColValue).(*array.Float64Builder).Append(o.value)
		} else {
			b.Field(ColValue).AppendNull()
		}
		str(ColUnit, o.unit)
		str(ColStatus, o.status)
	}
	str(ColSheet, r.Origin.Sheet)
	if r.Origin.Row > 0 {
		b.Field(ColRow).(*array.Int32Builder).Append(int32(r.Origin.Row))
	} else {
		b.Field(ColRow).AppendNull()
	}
	str(ColColumn, r.Origin.Column)
	str(ColLocator, r.Origin.Key)
	if rejected || !s.cfg.RawForRejectedOnly {
		str(ColRawSeries, r.Series)
		str(ColRawGeo, r.Geo)
		str(ColRawPeriod, r.Period)
		str(ColRawValue, r.Value)
	} else {
		for _, i := range []int{ColRawSeries, ColRawGeo, ColRawPeriod, ColRawValue} {
			b.Field(i).AppendNull()
		}
	}
	str(ColRejectReason, reason)
	str(ColCitation, r.Citation)
	s.n++
}
