package sdmx

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
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
	version                    int  // 1 or 2
	flow, name, action, obsKey int  // structural columns, -1 if absent
	both                       bool // labels=both: cells read "CODE: Label"
	dims                       []csvCol
	time                       int // index into dims of the time dimension, -1 if none is named
	measures                   []csvCol
	attrs                      []csvCol
}

var csvStructural = map[string]bool{
	"DATAFLOW": true, "STRUCTURE": true, "STRUCTURE_ID": true, "STRUCTURE_NAME": true,
	"ACTION": true, "SERIES_KEY": true, "OBS_KEY": true,
}

// headerID is the component id of a header cell: "DIM_1: Dimension 1" →
// "DIM_1", "ATTR_1[en;fr]" → "ATTR_1". bracketed says the id carried a
// "[…]": a multi-valued or multi-lingual component, never a dimension.
func headerID(cell string) (id string, labelled, bracketed bool) {
	id = cell
	if i := strings.Index(id, ": "); i >= 0 {
		id, labelled = id[:i], true
	}
	if i := strings.IndexByte(id, '['); i >= 0 {
		id, bracketed = id[:i], true
	}
	return strings.TrimSpace(id), labelled, bracketed
}

// measureIDRE matches the ids SDMX-CSV gives measures: OBS_VALUE (SDMX 2.1
// and most 3.0 structures), OBS_VALUE1, OBS_VALUE2 … and MEAS_… (the
// SDMX-CSV 2.0 examples of several measures).
var measureIDRE = regexp.MustCompile(`(?i)^(?:OBS_VALUE\d*|MEAS_\w+)$`)

// isDimensionID reports whether a column after the measures is still a
// dimension: the SDMX-CSV 2.0 examples allow components in any order, and
// name their dimensions DIM_…; the time, frequency and area concepts are
// dimensions wherever they stand.
func isDimensionID(id string) bool {
	u := strings.ToUpper(id)
	return strings.HasPrefix(u, "DIM") || isTimeID(u) || u == "FREQ" || u == "REF_AREA" || u == "GEO"
}

// parseCSVHeader reads the header row. SDMX-CSV carries no component
// types, so they are read from the ids and the order: measures by their ids
// (measureIDRE); before the first measure, dimensions, except attribute
// concepts (OBS_STATUS, UNIT_MULT …, see isAttributeID); after it,
// attributes and custom columns (UPDATED), except dimension ids. A
// bracketed id (ATTR_1[], ATTR_2[en;fr]) is multi-valued or multi-lingual,
// so an attribute. SDMX-CSV 2.0 may have no measure column at all (rows of
// attributes for partial keys, deletions); 1.0 must have OBS_VALUE.
func parseCSVHeader(header []string, version int) (*csvLayout, error) {
	l := &csvLayout{version: version, flow: -1, name: -1, action: -1, obsKey: -1, time: -1}
	ids := make([]string, len(header))
	bracket := make([]bool, len(header))
	for i, cell := range header {
		var labelled bool
		ids[i], labelled, bracket[i] = headerID(cell)
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
	var bracketed []bool
	for i < len(ids) {
		c := csvCol{idx: i, labelIdx: -1, id: ids[i]}
		b := bracket[i]
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
		bracketed = append(bracketed, b)
	}
	first := -1
	for k, c := range comps {
		if measureIDRE.MatchString(c.id) && (version == 2 || strings.EqualFold(c.id, "OBS_VALUE")) {
			l.measures = append(l.measures, c)
			if first < 0 {
				first = k
			}
		}
	}
	if first < 0 && version == 1 {
		return nil, fmt.Errorf("no OBS_VALUE column among %q: %w", ids, ErrNotSDMX)
	}
	for k, c := range comps {
		switch {
		case measureIDRE.MatchString(c.id) && (version == 2 || strings.EqualFold(c.id, "OBS_VALUE")):
		case bracketed[k] || strings.HasPrefix(strings.ToUpper(c.id), "ATTR"):
			l.attrs = append(l.attrs, c)
		case first >= 0 && k > first:
			if isDimensionID(c.id) {
				l.dims = append(l.dims, c)
			} else {
				l.attrs = append(l.attrs, c)
			}
		case isAttributeID(c.id) && !strings.EqualFold(c.id, "UNIT_MEASURE"):
			// Some producers list an attribute among the dimensions;
			// UNIT_MEASURE before the measures stays a dimension, as it
			// is in the data structures of the OECD and others.
			l.attrs = append(l.attrs, c)
		default:
			l.dims = append(l.dims, c)
		}
	}
	for k, d := range l.dims {
		if isTimeID(d.id) {
			l.time = k
		}
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

// measureDim is the key component that tells the series of several
// measures apart (SDMX 3.0 measures are components, not a dimension, so
// the id is chitieu's).
const measureDim = "MEASURE_ID"

// observations turns one record into observations, one per measure.
//
// SDMX-CSV 1.0 has one measure, OBS_VALUE, and every row is an
// observation (an empty value is a missing one).
//
// In SDMX-CSV 2.0 the rows of several structures share the header: a row
// uses only its own structure's columns, and an empty cell means "not part
// of this structure", so empty dimension cells are left out of the key and
// the time dimension, when none is called TIME_PERIOD, is the row's last
// non-empty dimension. Each measure with a value is an observation of its
// own series; the measure's id joins the key when the layout has several
// measures or one not called OBS_VALUE. A row without any measure value
// carries attributes for a partial key (or deletes): it is sent once,
// rejected with the reason, so rows in = loaded + rejected holds.
func (l *csvLayout) observations(uri string, rec []string, line int) []*obs {
	base := obs{
		flow:   l.code(rec, l.flow),
		action: l.code(rec, l.action),
		origin: extract.Origin{URI: uri, Row: line, Key: l.code(rec, l.obsKey)},
	}
	time := l.time
	if time < 0 {
		for k := len(l.dims) - 1; k >= 0; k-- {
			if l.version == 1 || l.code(rec, l.dims[k].idx) != "" {
				time = k
				break
			}
		}
	}
	for k, d := range l.dims {
		c := l.code(rec, d.idx)
		if k == time {
			base.period = c
			continue
		}
		if l.version == 2 && c == "" {
			continue // not part of this row's structure
		}
		base.dims = append(base.dims, comp{id: d.id, code: c, label: l.label(rec, d)})
	}
	for _, a := range l.attrs {
		base.attrs = append(base.attrs, comp{id: a.id, code: l.code(rec, a.idx), label: l.label(rec, a)})
	}
	if l.version == 1 || (len(l.measures) == 1 && strings.EqualFold(l.measures[0].id, "OBS_VALUE")) {
		if len(l.measures) == 1 {
			o := base
			o.value = l.code(rec, l.measures[0].idx)
			o.origin.Column = l.measures[0].id
			return []*obs{&o}
		}
	}
	var out []*obs
	for _, m := range l.measures {
		v := l.code(rec, m.idx)
		if v == "" {
			continue
		}
		o := base
		o.value = v
		o.origin.Column = m.id
		o.dims = append(append([]comp(nil), base.dims...), comp{id: measureDim, code: m.id})
		out = append(out, &o)
	}
	if len(out) == 0 {
		o := base
		if !isDelete(o.action) {
			o.reject = "SDMX-CSV row without a measure value (attributes for a partial key), not an observation"
		}
		out = append(out, &o)
	}
	return out
}

// decodeCSV reads SDMX-CSV 1.0 and 2.0 record by record. lineOffset is the
// number of blank lines trimmed before the header.
func decodeCSV(ctx context.Context, uri string, body []byte, lineOffset int, out extract.Sink) error {
	sep, version, ok := csvDialect(body)
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
	lay, err := parseCSVHeader(header, version)
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
		for _, o := range lay.observations(uri, rec, line+lineOffset) {
			if err := emit(ctx, out, o); err != nil {
				return err
			}
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
