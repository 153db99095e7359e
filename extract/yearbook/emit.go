package yearbook

// Emitting: a data row's label (with its parents' headings) and one
// RawRow per value cell.

import (
	"strings"

	"github.com/hanoi-sti/chitieu/extract"
)

// lastCol is the last value column of t.
func (t *table) lastCol() int {
	if len(t.cols) == 0 {
		return t.firstVal
	}
	return t.cols[len(t.cols)-1].col
}

func (t *table) heading(indent int, label string) {
	for len(t.stack) > 0 && t.stack[len(t.stack)-1].indent >= indent {
		t.stack = t.stack[:len(t.stack)-1]
	}
	t.stack = append(t.stack, level{indent: indent, label: label})
	t.lastBand = false
}

// label reads the label columns of a row: the item name (cells joined), its
// indent (column of the first label cell, then leading spaces), an item code
// when the first label cell is one, and the row's unit when the table has a
// "Đơn vị tính" column.
func (t *table) label(r row) (label string, indent int, code, unit string) {
	var parts []string
	at := -1 // the cell whose position gives the indent
	for c := 0; c < t.firstVal && c < len(r.cells); c++ {
		s := norm(r.cells[c])
		if s == "" {
			continue
		}
		if len(parts) == 0 && code == "" && isCode(s) && c+1 < t.firstVal && t.hasLabelAfter(r, c) {
			code = s
			continue
		}
		if c == t.unitCol {
			unit = s
			continue
		}
		parts = append(parts, s)
		if at < 0 || strings.HasSuffix(parts[0], ":") && len(parts) == 2 {
			at = c // the first label cell, or the one after a "Trong đó:" prefix
		}
	}
	if at >= 0 {
		indent = at*8 + indentOf(r.cells[at])/2 // one stray space is not a level
	}
	if len(parts) == 1 && isOfWhich(parts[0]) {
		indent++ // "Trong đó: Nguyên chiếc" is a part of the item above, whatever its indent
	}
	return strings.Join(parts, " "), indent, code, unit
}

func (t *table) hasLabelAfter(r row, c int) bool {
	for c++; c < t.firstVal && c < len(r.cells); c++ {
		if s := clean(r.cells[c]); s != "" && !isCode(s) {
			return true
		}
	}
	return false
}

// emit sends the value cells of a data row.
func (d *decoder) emit(r row) error {
	t := d.t
	label, indent, code, rowUnit := t.label(r)
	t.lastBand = false
	var path []string
	if !t.rowPeriods {
		for len(t.stack) > 0 {
			top := t.stack[len(t.stack)-1]
			if top.indent > indent || (top.indent == indent && top.data) {
				t.stack = t.stack[:len(t.stack)-1]
				continue
			}
			break
		}
		for _, l := range t.stack {
			path = append(path, l.label)
		}
		t.stack = append(t.stack, level{indent: indent, label: label, data: true})
	}
	name := strings.Join(append(path, label), " / ")
	// With periods down the rows, the headings between blocks of periods
	// ("Tỷ lệ thất nghiệp …", then "Tỷ lệ thiếu việc làm …") name what the
	// block measures.
	var block string
	if t.rowPeriods && len(t.stack) > 0 {
		hs := make([]string, len(t.stack))
		for i, l := range t.stack {
			hs[i] = l.label
		}
		block = strings.Join(hs, " / ")
	}
	for _, col := range t.cols {
		v := clean(r.cell(col.col))
		if v == "" {
			continue
		}
		raw := extract.RawRow{
			Origin: extract.Origin{URI: d.p.URI, Sheet: d.sheet, Row: r.num, Column: ColumnLetter(col.col)},
			Value:  v,
		}
		switch {
		case t.rowPeriods:
			raw.Series = col.header
			if block != "" {
				raw.Series = block + " | " + col.header
			}
			raw.Period = label
			raw.Status = statusOf(label)
		case t.periodCol >= 0:
			raw.Series = name + " | " + col.header
			if code != "" {
				raw.Series = code + " | " + col.header
			}
			raw.Period = norm(r.cell(t.periodCol))
			raw.Status = statusOf(raw.Period)
		default:
			raw.Series = name
			if code != "" {
				raw.Series = code
			}
			if col.measure != "" {
				raw.Series += " | " + col.measure
			}
			raw.Period = col.period
			if raw.Period == "" {
				raw.Period = col.header
			}
			raw.Status = col.status
		}
		if t.band != "" {
			raw.Series += " | " + t.band
		}
		raw.SeriesName = raw.Series
		if code != "" && !t.rowPeriods {
			raw.SeriesName = strings.Replace(raw.Series, code, name, 1)
		}
		switch {
		case t.band != "":
			raw.Unit = t.band
			if u := unitIn(t.band); u != "" {
				raw.Unit = u
			}
		case rowUnit != "":
			raw.Unit = rowUnit
		case col.unit != "":
			raw.Unit = col.unit
		default:
			raw.Unit = t.unit
		}
		if t.title != "" {
			raw.Dims = map[string]string{"table": t.title}
		}
		if col.calc {
			raw.Reject = "a calculation beside the table (its header holds numbers), not a published value"
		}
		if err := d.out.Row(raw); err != nil {
			return err
		}
		d.sum.Rows++
	}
	return nil
}
