package schedules

import (
	"context"
	"strings"

	"github.com/hanoi-sti/chitieu/extract"
)

// declared applies what a source definition says about its payloads that
// the payloads do not say themselves: that a table's row labels are places
// (row_labels = "geo", with the series code of the whole table), the unit
// of values that state none, and when the release was published (vintage). An NSO PX-Web export of
// "employed persons by province" has one row per province and no unit
// anywhere; read as it is, each province would be a series of its own
// with no place. The decoder stays a format reader: the definition is the
// source's, so it is applied here, between decoder and normaliser.
func (s SourceDef) declared(dec extract.Decoder) extract.Decoder {
	if s.RowLabels == "" && s.Unit == "" && s.Vintage.IsZero() {
		return dec
	}
	return declaredDecoder{Decoder: dec, def: s}
}

type declaredDecoder struct {
	extract.Decoder
	def SourceDef
}

func (d declaredDecoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	return d.Decoder.Decode(ctx, p, &declaredSink{Sink: out, def: d.def})
}

type declaredSink struct {
	extract.Sink
	def   SourceDef
	title string
}

func (s *declaredSink) Describe(info extract.Info) {
	s.title = info.Title
	if info.Vintage.IsZero() {
		info.Vintage = s.def.Vintage
	}
	s.Sink.Describe(info)
}

// Task passes a task row on to the sink underneath when it takes them:
// declaring a source changes nothing of its task sheet.
func (s *declaredSink) Task(t extract.TaskRow) error {
	if ts, ok := s.Sink.(extract.TaskSink); ok {
		return ts.Task(t)
	}
	return nil
}

func (s *declaredSink) Row(r extract.RawRow) error {
	if s.def.RowLabels == "geo" && r.Reject == "" {
		// The row label is the place; the table (its title, which the
		// yearbook reader also keeps as the "table" dimension) is the series.
		name := r.Dims["table"]
		if name == "" {
			name = s.title
		}
		r.Geo, r.Series, r.SeriesName = strings.TrimSpace(r.Series), s.def.Series, name
		if len(r.Dims) > 0 {
			dims := make(map[string]string, len(r.Dims))
			for k, v := range r.Dims {
				if k != "table" {
					dims[k] = v
				}
			}
			r.Dims = dims
		}
	}
	if r.Unit == "" {
		r.Unit = s.def.Unit
	}
	return s.Sink.Row(r)
}
