package yearbook

// The header band: whether a data row opens a table, where its label
// columns end, and what each value column's header says (period,
// measure, unit). yearbook.go's row state machine calls start.

import (
	"strings"
	"unicode"
)

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

// firstNumber is the first column after column A that holds a number, or
// -1.
func firstNumber(r row) int {
	for c := 1; c < len(r.cells); c++ {
		if isNumber(r.cells[c]) {
			return c
		}
	}
	return -1
}

// startRow reports whether r can be the first data row of a table: a label
// (which may be a year) followed by at least one number, and not a row of
// years (a header).
func (d *decoder) startRow(r row) bool {
	first := firstNumber(r)
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

// start tries to open a table whose first data row is first, with the header
// band searched upwards in band. It reports false when band holds no header.
func (d *decoder) start(band []row, first row) bool {
	firstVal, ok := d.firstValueColumn(band, first)
	if !ok {
		return false
	}

	headers, headings, units, titleEnd := d.walkBand(band, firstVal)
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
	t.title = bandTitle(band, titleEnd)
	t.unit = statedUnits(units)
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

// firstValueColumn finds where the value columns of the table whose first
// data row is first begin. The label columns end at the last text before
// the first number; the value columns start there, or earlier where the
// header names a column that is empty in the first row. ok is false when
// first has no number.
func (d *decoder) firstValueColumn(band []row, first row) (firstVal int, ok bool) {
	firstNum := firstNumber(first)
	if firstNum < 0 {
		return 0, false
	}
	lastText := 0
	for c := 1; c < firstNum; c++ {
		if s := clean(first.cells[c]); s != "" && !isValueish(s) {
			lastText = c
		}
	}
	firstVal = firstNum
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
	return firstVal, true
}

// walkBand walks up the band from the data row: headings and unit rows,
// then header rows, then (above the first row with text only in the label
// columns) the title, which ends at band[titleEnd]. Units are collected
// bottom-up.
func (d *decoder) walkBand(band []row, firstVal int) (headers, headings []row, units []string, titleEnd int) {
	titleEnd = -1
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
	return headers, headings, units, titleEnd
}

// bandTitle is the text of the band's rows down to titleEnd, the table's
// title.
func bandTitle(band []row, titleEnd int) string {
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
	return strings.Join(title, " ")
}

// statedUnits states the units collected bottom-up top-down, once each.
func statedUnits(units []string) string {
	seen := map[string]bool{}
	var us []string
	for i := len(units) - 1; i >= 0; i-- {
		u := unitIn(units[i])
		if !seen[u] {
			seen[u] = true
			us = append(us, u)
		}
	}
	return strings.Join(us, "; ")
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
	var cols []*column
	for c := firstVal; c <= maxCol; c++ {
		parts, calc := headerParts(headers, c, merges, byNum)
		if len(parts) == 0 {
			continue
		}
		cols = append(cols, columnOf(c, parts, calc))
	}
	inheritPeriods(cols, headers, first)
	return cols
}

// headerPart is one header cell's text above a value column.
type headerPart struct {
	text  string
	wide  bool // from a merge over several columns: a parent header
	split bool // the measure split off a period in the same cell
}

// headerParts reads the header cells above value column c, top to bottom,
// filling merged cells from their top-left cell (byNum holds the header
// rows by row number). A phrase cut by the band's rows is joined and a
// measure written with its period is split off. calc is true when a header
// cell holds a fraction: a calculation left beside the table.
func headerParts(headers []row, c int, merges []Range, byNum map[int]row) (parts []headerPart, calc bool) {
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
		parts = append(parts, headerPart{text: s, wide: wide})
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
				parts = append(parts[:i], append([]headerPart{{text: m, split: true}, {text: per}}, parts[i+1:]...)...)
				i++
			}
		}
	}
	return parts, calc
}

// columnOf classifies the header parts of value column c into its period,
// measure and unit.
func columnOf(c int, parts []headerPart, calc bool) *column {
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
	short := func(p headerPart) bool {
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
	return col
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
