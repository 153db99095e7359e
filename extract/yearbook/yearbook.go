// Package yearbook finds the statistical tables in a worksheet laid out the
// way Viet Nam's General Statistics Office (GSO), the Hà Nội Statistics
// Office and similar agencies lay out their yearbook and monthly-report
// tables, and unpivots their value cells into extract.RawRows.
//
// Such a sheet is made for print, not for machines: a numbered title (often
// Vietnamese then English), a header band of several rows with merged
// cells, item names in the first column(s) with indentation for sub-items,
// periods across the columns (or, in older yearbooks, down the rows), a unit
// in a lone cell above the table or in a band row that switches the unit
// mid-table ("Cơ cấu - %"), markers such as "..", "…", "-" and "x" instead
// of values, footnotes below, and several tables stacked in one sheet. There
// is no schema to read, so the finder works from the shape of the rows:
//
//   - A table starts at its first data row: a label followed by at least one
//     number. The rows above it (at most MaxBand) are searched upwards for
//     the header band: rows with text over the value columns, then unit
//     rows and title rows above those. A data row without such a band is not
//     a table.
//   - Data rows then stream: nothing below the header band is held back
//     except runs of rows without values (headings, unit bands, footnotes,
//     or the title and header of the next stacked table), which are decided
//     when the next data row arrives.
//   - Each non-empty value cell becomes one RawRow. Its Series is the row
//     label, sub-items joined to their parents with " / ", then " | " and
//     the column's measure where the header has one ("Thực hiện (Tỷ đồng)",
//     "Cơ cấu (%)"), then " | " and the band row in force, if any; an item
//     code in the label columns ("001") is the Series and the label its
//     SeriesName. Period is the column's period text as written ("Sơ bộ quý
//     III năm 2024", "Năm 2012 so với năm 2011 (%)"), Status "preliminary"
//     or "estimate" when that text says Sơ bộ/Prel. or Ước tính, Unit the
//     unit in force for the cell (band, then a "Đơn vị tính" column, then
//     the column header, then the unit stated above the table), and
//     Dims["table"] the table's title, which tells apart stacked tables with
//     the same items and years (GDP at current and at constant prices).
//     When periods run down the rows (years as row labels) the row label is
//     the Period and the column header the Series; a column headed "Year" or
//     "Năm" holding years makes a long table, one period per row.
//
// Nothing is parsed: numbers, periods and units stay text for package
// transform, which knows the source's conventions and rejects what it cannot
// read. The package needs only row-by-row access to a sheet (Sheet), so the
// xlsx decoder can feed it from a streaming reader and the xls decoder from
// its BIFF records.
package yearbook

import (
	"context"
	"errors"

	"github.com/hanoi-sti/chitieu/extract"
)

// Sheet is one worksheet read row by row (streaming); cells are display text.
type Sheet interface {
	Name() string
	// Next advances to the next row; implementations may skip empty rows.
	Next() bool
	// Row returns the 1-based row number and the cell texts (column A = 0).
	// Decode copies what it keeps, so the slice may be reused.
	Row() (num int, cells []string)
	// Err reports the error that ended iteration, if any.
	Err() error
}

// Range is a merged area: 1-based rows, 0-based columns, inclusive.
type Range struct{ FromRow, FromCol, ToRow, ToCol int }

// MaxBand is the most rows held in memory while looking for a header band
// (above a table's first data row) or while deciding what a run of rows
// without values is.
const MaxBand = 40

// ErrNoTable is wrapped by the error Decode returns for a sheet in which no
// table (a header band above rows of numbers) was found. Callers that read
// every sheet of a workbook use errors.Is to skip such sheets.
var ErrNoTable = errors.New("no statistical table found (no header band above rows of numbers)")

// Summary describes what DecodeSheet found.
type Summary struct {
	Tables int      // tables found (each with a header band)
	Titles []string // their titles, in order; "" where a table has none
	Rows   int      // RawRows sent
}

// Decode finds the table(s) in sheet, unpivots the value cells and sends them
// to out as RawRows. It returns the number of tables found. A sheet without
// any table returns an *extract.DecodeError naming the file and sheet that
// wraps ErrNoTable; an error of the sheet (sheet.Err) is wrapped the same
// way; an error of out.Row or of ctx is returned as is.
func Decode(ctx context.Context, p extract.Payload, sheet Sheet, merged []Range, out extract.Sink) (tables int, err error) {
	s, err := DecodeSheet(ctx, p, sheet, merged, out)
	return s.Tables, err
}

// DecodeSheet is Decode that also reports the tables' titles and the number
// of rows sent.
func DecodeSheet(ctx context.Context, p extract.Payload, sheet Sheet, merged []Range, out extract.Sink) (Summary, error) {
	d := &decoder{ctx: ctx, p: p, sheet: sheet.Name(), merged: merged, out: out}
	n := 0
	for sheet.Next() {
		if n++; n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return d.sum, err
			}
		}
		num, cells := sheet.Row()
		r := row{num: num, cells: append([]string(nil), cells...)}
		if err := d.feed(r); err != nil {
			return d.sum, err
		}
	}
	if err := sheet.Err(); err != nil {
		return d.sum, &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: d.sheet}, Err: err}
	}
	if d.sum.Tables == 0 {
		return d.sum, &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: d.sheet}, Err: ErrNoTable}
	}
	return d.sum, nil
}

type row struct {
	num   int
	cells []string
}

func (r row) cell(c int) string {
	if c < 0 || c >= len(r.cells) {
		return ""
	}
	return r.cells[c]
}

func (r row) empty() bool {
	for _, c := range r.cells {
		if clean(c) != "" {
			return false
		}
	}
	return true
}

type decoder struct {
	ctx    context.Context
	p      extract.Payload
	sheet  string
	merged []Range
	out    extract.Sink
	sum    Summary

	buf     []row // before the first table: the last MaxBand rows
	t       *table
	pending []row // inside a table: rows without values, not yet decided
}

// column is one value column of a table, read from the header band.
type column struct {
	col     int
	header  string // all header parts, joined
	period  string // the parts that name a period
	measure string // the other parts
	unit    string // a unit stated in the header
	status  string // preliminary / estimate, from the header
	// calc: a number stands among the column's header cells. Such a
	// column is a calculation its compiler left beside the table (totals,
	// differences, averages of the published columns), not a published
	// value: its cells are sent rejected, with that reason.
	calc bool
}

type level struct {
	indent int
	label  string
	data   bool // a data row (a sibling at its own indent closes it) or a heading
}

type table struct {
	title      string
	firstVal   int // first value column; label columns are 0..firstVal-1
	cols       []*column
	rowPeriods bool   // periods run down the rows (years as row labels)
	periodCol  int    // column holding each row's period (a long table), or -1
	unitCol    int    // label column headed "Đơn vị tính" (each row's unit), or -1
	unit       string // unit stated above the table
	band       string // mid-table band row(s) in force ("Cơ cấu - %")
	lastBand   bool   // the previous decided row was a band row
	stack      []level
}

func (d *decoder) feed(r row) error {
	if d.t == nil {
		if d.startRow(r) {
			if d.start(d.buf, r) {
				d.buf = nil
				return d.emit(r)
			}
		}
		d.buf = append(d.buf, r)
		if len(d.buf) > MaxBand {
			d.buf = d.buf[1:]
		}
		return nil
	}
	if first := firstText(r); first != "" && isNoteStart(first) {
		// Footnotes and sources end the table; a table below them is
		// found as the first one was.
		d.t, d.pending, d.buf = nil, nil, []row{r}
		return nil
	}
	t := d.t
	if d.startRow(r) && d.pendingHasHeader() {
		if d.start(d.pending, r) {
			d.pending = nil
			return d.emit(r)
		}
	}
	switch t.kind(r) {
	case kindData:
		d.flush()
		return d.emit(r)
	case kindEmpty:
		if len(d.pending) > 0 {
			d.pending = append(d.pending, r)
		}
	default:
		d.pending = append(d.pending, r)
	}
	if len(d.pending) > MaxBand {
		d.decide(d.pending[0])
		d.pending = d.pending[1:]
	}
	return nil
}

type rowKind int

const (
	kindEmpty rowKind = iota
	kindData
	kindOther // heading, band, footnote, title or header: decided later
)

// kind classifies a row inside table t.
func (t *table) kind(r row) rowKind {
	if r.empty() {
		return kindEmpty
	}
	if t.headerLike(r) {
		return kindOther
	}
	label := false
	for c := 0; c < t.firstVal && c < len(r.cells); c++ {
		if clean(r.cells[c]) != "" {
			label = true
			break
		}
	}
	vals, nums, prose := 0, 0, 0
	for _, col := range t.cols {
		if s := clean(r.cell(col.col)); s != "" {
			vals++
			if isNumber(s) {
				nums++
			} else if isProse(s) {
				prose++
			}
		}
	}
	switch {
	case vals == 0:
		return kindOther
	case nums == 0 && prose == vals:
		return kindOther // a note or source line, not values
	case !label && nums == 0:
		return kindOther // a band row
	}
	return kindData
}

// headerLike reports whether r looks like a header row of a (next) table:
// a row of years, or two or more different non-numeric texts over the value
// columns in a row without a label (or whose texts all name periods).
func (t *table) headerLike(r row) bool {
	if yearRow(r, t.firstVal) || periodRow(r, t.firstVal) || headerish(r) {
		return true
	}
	label := false
	for c := 0; c < t.firstVal && c < len(r.cells); c++ {
		if clean(r.cells[c]) != "" {
			label = true
		}
	}
	distinct := map[string]bool{}
	periods := true
	for c := max(t.firstVal, 1); c < len(r.cells); c++ {
		s := norm(r.cells[c])
		if s == "" || isMarker(s) {
			continue
		}
		if isNumber(s) {
			return false
		}
		if _, unit := unitText(s); unit {
			continue
		}
		distinct[s] = true
		if !isPeriodish(s) {
			periods = false
		}
	}
	return len(distinct) >= 2 && (!label || periods)
}

func (d *decoder) pendingHasHeader() bool {
	for _, r := range d.pending {
		if d.t.headerLike(r) {
			return true
		}
	}
	return false
}

// flush decides the pending rows now that a data row of the same table has
// come: they are headings, unit bands or blank.
func (d *decoder) flush() {
	for _, r := range d.pending {
		d.decide(r)
	}
	d.pending = d.pending[:0]
}

// decide applies one row without values to the current table: a row with
// text only in the label columns is a heading (a parent of the items below
// it); a row with one text over the value columns and no label is a band
// that sets the unit (and measure) of the rows below it.
func (d *decoder) decide(r row) {
	t := d.t
	if r.empty() {
		return
	}
	// Only the table's value columns count: a calculation left beside the
	// table ("0.0" in a column without a header) does not make a heading a
	// band.
	var band []string
	for c := t.firstVal; c < len(r.cells) && c <= t.lastCol(); c++ {
		if s := norm(r.cells[c]); s != "" && (len(band) == 0 || band[len(band)-1] != s) {
			band = append(band, s)
		}
	}
	label, indent, _, _ := t.label(r)
	switch {
	case label != "" && len(band) == 0:
		t.heading(indent, label)
	case label == "" && len(band) == 1:
		if isProse(band[0]) && unitIn(band[0]) == "" && !isMeasure(band[0]) {
			t.lastBand = false
			return // a note, not a unit band
		}
		if t.lastBand {
			t.band += " / " + band[0]
		} else {
			t.band = band[0]
			t.stack = nil // a band starts a new block of items
		}
		t.lastBand = true
	}
}
