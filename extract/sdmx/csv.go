package sdmx

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hanoi-sti/chitieu/extract"
)

// csvDialect reads the first header cells of an SDMX-CSV file: DATAFLOW
// (version 1) or STRUCTURE / STRUCTURE[x] followed by STRUCTURE_ID (version
// 2). The field separator is the character right after the first cell.
func csvDialect(head []byte) (sep rune, version int, ok bool) {
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	s := string(line)
	quoted := strings.HasPrefix(s, `"`)
	if quoted {
		s = s[1:]
	}
	switch {
	case strings.HasPrefix(s, "DATAFLOW"):
		s, version = s[len("DATAFLOW"):], 1
	case strings.HasPrefix(s, "STRUCTURE"):
		s, version = s[len("STRUCTURE"):], 2
		if strings.HasPrefix(s, "[") {
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return 0, 0, false
			}
			s = s[end+1:]
		}
	default:
		return 0, 0, false
	}
	if quoted {
		if !strings.HasPrefix(s, `"`) {
			return 0, 0, false
		}
		s = s[1:]
	}
	if s == "" || !strings.ContainsRune(",;\t|", rune(s[0])) {
		return 0, 0, false
	}
	sep = rune(s[0])
	if version == 2 {
		next := strings.TrimPrefix(s[1:], `"`)
		if !strings.HasPrefix(next, "STRUCTURE_ID") {
			return 0, 0, false
		}
	}
	return sep, version, true
}

// csvCol is one component column, with the column of its label in the
// labels=name layout (-1 otherwise).
type csvCol struct {
	idx, labelIdx int
	id            string
}

// csvLayout is what the header row says about the columns.
type csvLayout struct {
	flow, name, action, obsKey int  // structural columns, -1 if absent
	both                       bool // labels=both: cells read "CODE: Label"
	dims                       []csvCol
	time                       int // index into dims of the time dimension, -1 if none
	value                      csvCol
	attrs                      []csvCol
}

var csvStructural = map[string]bool{
	"DATAFLOW": true, "STRUCTURE": true, "STRUCTURE_ID": true, "STRUCTURE_NAME": true,
	"ACTION": true, "SERIES_KEY": true, "OBS_KEY": true,
}

// headerID is the component id of a header cell: "DIM_1: Dimension 1" →
// "DIM_1", "ATTR_1[en;fr]" → "ATTR_1".
func headerID(cell string) (id string, labelled bool) {
	id = cell
	if i := strings.Index(id, ": "); i >= 0 {
		id, labelled = id[:i], true
	}
	if i := strings.IndexByte(id, '['); i >= 0 {
		id = id[:i]
	}
	return strings.TrimSpace(id), labelled
}

func parseCSVHeader(header []string) (*csvLayout, error) {
	l := &csvLayout{flow: -1, name: -1, action: -1, obsKey: -1, time: -1}
	ids := make([]string, len(header))
	for i, cell := range header {
		var labelled bool
		ids[i], labelled = headerID(cell)
		l.both = l.both || labelled
	}
	i := 0
	for ; i < len(ids) && csvStructural[strings.ToUpper(ids[i])]; i++ {
		switch strings.ToUpper(ids[i]) {
		case "DATAFLOW", "STRUCTURE_ID":
			l.flow = i
		case "STRUCTURE_NAME":
			l.name = i
		case "ACTION":
			l.action = i
		case "OBS_KEY":
			l.obsKey = i
		}
	}
	if l.flow < 0 {
		return nil, fmt.Errorf("no DATAFLOW or STRUCTURE_ID column: %w", ErrNotSDMX)
	}
	var comps []csvCol
	for i < len(ids) {
		c := csvCol{idx: i, labelIdx: -1, id: ids[i]}
		i++
		if l.name >= 0 { // labels=name: every component column is followed by its label column
			if i >= len(ids) {
				return nil, fmt.Errorf("labels=name layout (STRUCTURE_NAME column) but component %s has no label column: %w", c.id, ErrNotSDMX)
			}
			c.labelIdx = i
			i++
		}
		if c.id == "" {
			return nil, fmt.Errorf("column %d has an empty header: %w", c.idx+1, ErrNotSDMX)
		}
		comps = append(comps, c)
	}
	v := -1
	for k, c := range comps {
		if strings.EqualFold(c.id, "OBS_VALUE") {
			v = k
			break
		}
	}
	if v < 0 {
		return nil, fmt.Errorf("no OBS_VALUE column among %q: %w", ids, ErrNotSDMX)
	}
	l.value = comps[v]
	// SDMX-CSV puts the dimensions before OBS_VALUE and the attributes
	// after it, but its columns carry no type, and some producers list an
	// attribute among the dimensions: one whose id is an SDMX attribute
	// concept (OBS_STATUS, UNIT_MULT, COMMENT_OBS…) is taken as one.
	// UNIT_MEASURE before OBS_VALUE stays a dimension, as it is in the
	// data structures of the OECD and others.
	for _, c := range comps[:v] {
		if isAttributeID(c.id) && !strings.EqualFold(c.id, "UNIT_MEASURE") {
			l.attrs = append(l.attrs, c)
		} else {
			l.dims = append(l.dims, c)
		}
	}
	l.attrs = append(l.attrs, comps[v+1:]...)
	for k, d := range l.dims {
		if isTimeID(d.id) {
			l.time = k
		}
	}
	if l.time < 0 && len(l.dims) > 0 {
		l.time = len(l.dims) - 1 // SDMX keys end with the time dimension
	}
	return l, nil
}

// code is the code part of cell i ("A" of "A: Value A" in labels=both).
func (l *csvLayout) code(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	s := rec[i]
	if l.both {
		if j := strings.Index(s, ": "); j >= 0 {
			s = s[:j]
		}
	}
	return s
}

// label is the label of component column c, if the layout has labels.
func (l *csvLayout) label(rec []string, c csvCol) string {
	if c.labelIdx >= 0 && c.labelIdx < len(rec) {
		return rec[c.labelIdx]
	}
	if l.both && c.idx < len(rec) {
		if j := strings.Index(rec[c.idx], ": "); j >= 0 {
			return rec[c.idx][j+2:]
		}
	}
	return ""
}

func (l *csvLayout) info(rec []string) extract.Info {
	flow := l.code(rec, l.flow)
	title := flow
	if l.name >= 0 && l.name < len(rec) && rec[l.name] != "" {
		title = rec[l.name]
	} else if t := l.label(rec, csvCol{idx: l.flow, labelIdx: -1}); t != "" {
		title = t
	}
	return extract.Info{Title: title, Publisher: agencyOf(flow)}
}

func (l *csvLayout) observation(uri string, rec []string, line int) *obs {
	o := &obs{
		flow:   l.code(rec, l.flow),
		value:  l.code(rec, l.value.idx),
		action: l.code(rec, l.action),
		origin: extract.Origin{URI: uri, Row: line, Column: l.value.id, Key: l.code(rec, l.obsKey)},
	}
	for k, d := range l.dims {
		if k == l.time {
			o.period = l.code(rec, d.idx)
			continue
		}
		o.dims = append(o.dims, comp{id: d.id, code: l.code(rec, d.idx), label: l.label(rec, d)})
	}
	for _, a := range l.attrs {
		o.attrs = append(o.attrs, comp{id: a.id, code: l.code(rec, a.idx), label: l.label(rec, a)})
	}
	return o
}

// decodeCSV reads SDMX-CSV 1.0 and 2.0 record by record. lineOffset is the
// number of blank lines trimmed before the header.
func decodeCSV(ctx context.Context, uri string, body []byte, lineOffset int, out extract.Sink) error {
	sep, _, ok := csvDialect(body)
	if !ok {
		return fmt.Errorf("%s: %w: not SDMX-CSV (the first header cell is neither DATAFLOW nor STRUCTURE followed by STRUCTURE_ID), starts with %q",
			uri, ErrNotSDMX, firstLine(body, 60))
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = sep
	r.ReuseRecord = true
	posErr := func(line int, err error) error {
		return &extract.DecodeError{Origin: extract.Origin{URI: uri, Row: line + lineOffset}, Err: err}
	}
	header, err := r.Read()
	if err != nil {
		return posErr(1, err)
	}
	header = append([]string(nil), header...)
	lay, err := parseCSVHeader(header)
	if err != nil {
		return posErr(1, err)
	}
	described := false
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return posErr(pe.StartLine, fmt.Errorf("%w (header has %d columns)", err, len(header)))
			}
			return fmt.Errorf("%s: %w", uri, err)
		}
		line, _ := r.FieldPos(0)
		if !described {
			out.Describe(lay.info(rec))
			described = true
		}
		if err := emit(ctx, out, lay.observation(uri, rec, line+lineOffset)); err != nil {
			return err
		}
	}
	if !described {
		out.Describe(extract.Info{})
	}
	return nil
}

func firstLine(b []byte, n int) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}
