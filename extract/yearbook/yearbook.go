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
	"strings"
	"unicode"

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

// yearsOnly reports whether every number in r after column A is a year: a
// header such as "Tỉnh | 2022" above a table's first data row.
func yearsOnly(r row) bool {
	for c := 1; c < len(r.cells); c++ {
		if s := r.cells[c]; isNumber(s) && !isYear(s) {
			return false
		}
	}
	return true
}

// filled counts the non-empty cells of r.
func filled(r row) int {
	n := 0
	for _, c := range r.cells {
		if clean(c) != "" {
			n++
		}
	}
	return n
}

// firstText returns the first non-empty cell of r.
func firstText(r row) string {
	for _, c := range r.cells {
		if c = clean(c); c != "" {
			return c
		}
	}
	return ""
}

// startRow reports whether r can be the first data row of a table: a label
// (which may be a year) followed by at least one number, and not a row of
// years (a header).
func (d *decoder) startRow(r row) bool {
	first := -1
	for c := 1; c < len(r.cells); c++ {
		if isNumber(r.cells[c]) {
			first = c
			break
		}
	}
	if first < 0 {
		return false
	}
	label := false
	for c := 0; c < first; c++ {
		if clean(r.cells[c]) != "" {
			label = true
		}
	}
	return label && !yearRow(r, 1) && !periodRow(r, 1) && !headerish(r)
}

// headerish reports whether r is a row of a header band that merely holds
// a number: two or more cells (after column A) naming periods ("Tháng 11" |
// "Tháng 12" | … | 233.42, a calculation left beside the header), or two or
// more texts beside years and no other number ("bộ" | "tính" | "năm trước
// (%)" | 2024, a band whose phrases wrap over its rows). A data row has its
// label on the left and numbers after it; its texts do not name periods.
func headerish(r row) bool {
	periods, texts, years := 0, 0, 0
	for c := 1; c < len(r.cells); c++ {
		s := norm(r.cells[c])
		switch {
		case s == "" || isMarker(s):
		case isYear(s):
			years++
		case isNumber(s):
			if periods < 2 {
				return false // stop counting: a number before two periods is data
			}
		default:
			if _, unit := unitText(s); unit && !isPeriodish(s) {
				continue
			}
			texts++
			if isPeriodish(s) {
				periods++
			}
		}
	}
	// Here, with fewer than two periods, the row holds no number but years.
	return periods >= 2 || texts >= 2 && years > 0 && clean(r.cell(0)) == ""
}

// periodRow reports whether every non-empty cell of r from column from on
// is a year, a period text or a marker, with at least two periods: a header
// row split over several rows ("năm", "năm", "2024").
func periodRow(r row, from int) bool {
	n := 0
	for c := max(from, 0); c < len(r.cells); c++ {
		s := clean(r.cells[c])
		switch {
		case s == "" || isMarker(s):
		case isYear(s) || (!isNumber(s) && isPeriodish(s)):
			n++
		default:
			return false
		}
	}
	return n >= 2
}

// yearRow reports whether r, from column from on, is a row of period
// headers: at least two bare years, and besides them only period texts
// and markers.
func yearRow(r row, from int) bool {
	years := 0
	started := false
	for c := max(from, 0); c < len(r.cells); c++ {
		s := clean(r.cells[c])
		if s == "" {
			continue
		}
		if isYear(s) {
			years++
			started = true
			continue
		}
		if !started {
			// A header of years has no plain numbers before its first
			// year; a data row ending in two values between 1800 and 2100
			// (densities, counts) does.
			if isNumber(s) {
				return false
			}
			continue
		}
		if isNumber(s) || !(isPeriodish(s) || isMarker(s)) {
			return false
		}
	}
	return years >= 2
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

// start tries to open a table whose first data row is first, with the header
// band searched upwards in band. It reports false when band holds no header.
func (d *decoder) start(band []row, first row) bool {
	// The label columns end at the last text before the first number; the
	// value columns start there, or earlier where the header names a column
	// that is empty in the first row.
	firstNum := -1
	for c := 1; c < len(first.cells); c++ {
		if isNumber(first.cells[c]) {
			firstNum = c
			break
		}
	}
	if firstNum < 0 {
		return false
	}
	lastText := 0
	for c := 1; c < firstNum; c++ {
		if s := clean(first.cells[c]); s != "" && !isValueish(s) {
			lastText = c
		}
	}
	firstVal := firstNum
	for i := len(band) - 1; i >= 0; i-- {
		r := band[i]
		if d.startRow(r) && !yearsOnly(r) {
			break
		}
		if filled(r) < 2 {
			continue // titles, units and notes sit alone in their rows
		}
		for c := lastText + 1; c < firstVal && c < len(r.cells); c++ {
			if s := clean(r.cells[c]); s != "" {
				if _, unit := unitText(s); !unit {
					firstVal = c
					break
				}
			}
		}
	}

	// Walk up from the data row: headings and unit rows, then header rows,
	// then (above the first row with text only in the label columns) the
	// title.
	var headers, headings []row
	var units []string
	titleEnd := -1
	for i := len(band) - 1; i >= 0; i-- {
		r := band[i]
		if r.empty() {
			continue
		}
		if d.startRow(r) && !yearsOnly(r) {
			break // a row of data above: whatever is above it is not this table's header
		}
		if f := firstText(r); filled(r) == 1 && clean(r.cell(0)) == "" && isProse(f) && unitIn(f) == "" && !isMeasure(f) {
			// a note of the table above, spilled out of column A
			if len(headers) > 0 {
				titleEnd = i
			}
			break
		}
		var vals []string
		lbl := false
		for c, s := range r.cells {
			s = norm(s)
			if s == "" {
				continue
			}
			if c < firstVal {
				lbl = true
			} else {
				vals = append(vals, s)
			}
		}
		if len(vals) == 0 {
			if len(headers) == 0 {
				headings = append([]row{r}, headings...)
				continue
			}
			titleEnd = i
			break
		}
		allUnits := !lbl
		for _, v := range vals {
			if _, ok := unitText(v); !ok {
				allUnits = false
			}
		}
		if allUnits {
			units = append(units, vals...)
			continue
		}
		headers = append([]row{r}, headers...)
	}
	if len(headers) == 0 {
		return false
	}
	t := &table{firstVal: firstVal, unitCol: -1}
	for c := 0; c < firstVal; c++ {
		for _, h := range headers {
			if isUnitHeader(h.cell(c)) {
				t.unitCol = c
			}
		}
	}
	var title []string
	for i := 0; i <= titleEnd; i++ {
		var cells []string
		for _, s := range band[i].cells {
			if s = norm(s); s != "" {
				cells = append(cells, s)
			}
		}
		if len(cells) > 0 {
			title = append(title, strings.Join(cells, " "))
		}
	}
	t.title = strings.Join(title, " ")
	// Units were collected bottom-up; state them top-down, once each.
	seen := map[string]bool{}
	var us []string
	for i := len(units) - 1; i >= 0; i-- {
		u := unitIn(units[i])
		if !seen[u] {
			seen[u] = true
			us = append(us, u)
		}
	}
	t.unit = strings.Join(us, "; ")
	t.cols = d.columns(headers, firstVal, first)

	// A column headed "Year" (or "Năm", "Period") holding years is a period
	// column: a long table, one row per period.
	t.periodCol = -1
	for i, c := range t.cols {
		if isPeriodHeader(c.header) && (isYear(first.cell(c.col)) || isPeriodish(first.cell(c.col))) {
			t.periodCol = c.col
			t.cols = append(t.cols[:i:i], t.cols[i+1:]...)
			break
		}
	}
	// Periods across the columns, or down the rows?
	periodic := 0
	for _, c := range t.cols {
		if c.period != "" {
			periodic++
		}
	}
	if len(t.cols) == 0 {
		return false
	}
	if periodic*2 < len(t.cols) && t.periodCol < 0 {
		if l, _, _, _ := t.label(first); isPeriodish(l) {
			t.rowPeriods = true
		}
	}
	if !t.rowPeriods && t.periodCol < 0 {
		titlePeriods(t.cols, t.title)
	}
	d.t = t
	d.pending = nil
	d.sum.Tables++
	d.sum.Titles = append(d.sum.Titles, t.title)
	for _, h := range headings {
		d.decide(h)
	}
	return true
}

// columns reads the value columns' headers from the header rows, filling
// merged cells from their top-left cell.
func (d *decoder) columns(headers []row, firstVal int, first row) []*column {
	byNum := map[int]row{}
	lo, hi := headers[0].num, headers[len(headers)-1].num
	for _, r := range headers {
		byNum[r.num] = r
	}
	var merges []Range
	for _, m := range d.merged {
		if m.ToRow >= lo && m.FromRow <= hi && m.FromRow <= m.ToRow && m.FromCol <= m.ToCol {
			merges = append(merges, m)
		}
	}
	maxCol := len(first.cells) - 1
	for _, r := range headers {
		maxCol = max(maxCol, len(r.cells)-1)
	}
	type part struct {
		text  string
		wide  bool // from a merge over several columns: a parent header
		split bool // the measure split off a period in the same cell
	}
	var cols []*column
	for c := firstVal; c <= maxCol; c++ {
		var parts []part
		calc := false
		for _, r := range headers {
			s := norm(r.cell(c))
			wide := false
			for _, m := range merges {
				if r.num >= m.FromRow && r.num <= m.ToRow && c >= m.FromCol && c <= m.ToCol {
					wide = m.ToCol > m.FromCol
					if s == "" {
						if tl, ok := byNum[m.FromRow]; ok {
							s = norm(tl.cell(m.FromCol))
						}
					}
					break
				}
			}
			if isNumber(s) && !isYear(strings.Trim(s, "()")) {
				// A fraction in a header row is a calculation left beside
				// the table; a whole number is a column's number ("(1)").
				calc = calc || strings.ContainsAny(strings.Trim(s, "()"), ".,")
				continue
			}
			if s == "" || isMarker(s) {
				continue
			}
			if n := len(parts); n > 0 && parts[n-1].text == s {
				continue
			}
			parts = append(parts, part{text: s, wide: wide})
		}
		if len(parts) == 0 {
			continue
		}
		// A phrase cut by the band's rows is read whole: "Sơ " / "bộ" /
		// "quý III" is "Sơ bộ" / "quý III".
		for i := 1; i < len(parts); i++ {
			if parts[i-1].wide == parts[i].wide && cutPhrase(parts[i-1].text, parts[i].text) {
				parts[i-1].text = norm(parts[i-1].text + " " + parts[i].text)
				parts = append(parts[:i], parts[i+1:]...)
				i--
			}
		}
		// "Chỉ số giá bình quân năm 2012 so với năm 2011" is the measure
		// "Chỉ số giá" and a period.
		for i := 0; i < len(parts); i++ {
			if p := parts[i]; !p.wide && isPeriodish(p.text) {
				if m, per, ok := splitMeasure(p.text); ok {
					parts = append(parts[:i], append([]part{{text: m, split: true}, {text: per}}, parts[i+1:]...)...)
					i++
				}
			}
		}
		col := &column{col: c, calc: calc}
		var all, per, mea []string
		var allWide, meaWide []bool
		isPer := make([]bool, len(parts))
		firstPer := -1
		for i, p := range parts {
			isPer[i] = isPeriodish(p.text)
			if isPer[i] && firstPer < 0 {
				firstPer = i
			}
		}
		// Short words wrapped above the first period part ("Cả" / "năm" /
		// "2024") or below a period part in lower case ("… so với tháng" /
		// "trước") belong to the period.
		short := func(p part) bool {
			t := strings.TrimSpace(parenRE.ReplaceAllStringFunc(p.text, func(m string) string {
				if unitIn(m) != "" {
					return "" // "trước (%)": the unit does not make it longer
				}
				return m
			}))
			return !p.wide && !p.split && t != "" && len(strings.Fields(t)) <= 2 && !strings.ContainsAny(t, "()0123456789%")
		}
		if firstPer > 0 && short(parts[firstPer-1]) {
			isPer[firstPer-1] = true
		}
		for i := 1; i < len(parts); i++ {
			if isPer[i-1] && !isPer[i] && short(parts[i]) && startsLower(parts[i].text) {
				isPer[i] = true
			}
		}
		for i, p := range parts {
			all, allWide = append(all, p.text), append(allWide, p.wide)
			if u := unitIn(p.text); u != "" {
				col.unit = u
			}
			switch {
			case isPer[i]:
				per = append(per, p.text)
			case isUnitOnly(p.text):
				// a part that only states the unit ("%", "Tỷ đồng")
			default:
				mea, meaWide = append(mea, p.text), append(meaWide, p.wide)
			}
		}
		col.header = joinParts(all, allWide)
		col.period = stripUnit(strings.Join(per, " "))
		col.measure = joinParts(mea, meaWide)
		col.status = statusOf(col.period)
		cols = append(cols, col)
	}
	inheritPeriods(cols, headers, first)
	return cols
}

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

// isUnitOnly reports whether header text is a unit and nothing else: "Tỷ
// đồng" is, "Cơ cấu (%)" is a measure.
func isUnitOnly(s string) bool {
	_, unit := unitText(s)
	return unit && !isMeasure(s)
}

// joinParts joins header parts: after a part merged over several columns (a
// parent header) with " / ", after a part wrapped over rows with a space.
func joinParts(parts []string, wide []bool) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			if wide[i-1] {
				b.WriteString(" / ")
			} else {
				b.WriteString(" ")
			}
		}
		b.WriteString(p)
	}
	return b.String()
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
