package yearbook

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the small text classifiers the table finder is built on.
// They look at one cell's display text at a time and never at its type: in
// yearbook workbooks numbers are as often typed text ("1.234,5", "'40.3")
// as they are numbers, and years are as often floats (1995.0) as text.

// clean trims a cell, treating the no-break space as space.
func clean(s string) string {
	return strings.TrimFunc(s, isSpace)
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff'
}

// norm collapses every run of white space (line breaks inside header cells
// included) to one space and trims the ends: "Năm 2012\nso với năm\n2011 (%)"
// becomes "Năm 2012 so với năm 2011 (%)".
func norm(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

// indentOf counts the leading white space of a label, the only way many
// yearbook tables show that an item is a sub-item of the one above.
func indentOf(s string) int {
	n := 0
	for _, r := range s {
		if !isSpace(r) {
			break
		}
		if r == '\t' {
			n += 4
		} else {
			n++
		}
	}
	return n
}

var numberRE = regexp.MustCompile(`^[+\-−]?(?:\d[\d.,]*|[.,]\d+)(?:[eE][+\-]?\d+)?%?$`)

// isNumber reports whether a cell reads as a number in either notation
// ("1.234,5", "1,234.5", "-20.8", "1 234", "12%"). It does not decide which
// notation; transform does, with the source's locale.
func isNumber(s string) bool {
	s = clean(s)
	if s == "" {
		return false
	}
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") { // accounting negative
		s = s[1 : len(s)-1]
	}
	s = strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, s)
	return s != "" && numberRE.MatchString(s) && strings.ContainsAny(s, "0123456789")
}

// markers are the cell texts statistical offices write instead of a value:
// not available, not applicable, confidential, negligible.
var markers = map[string]bool{
	".": true, "..": true, "...": true, "....": true, "…": true, "-": true, "–": true, "—": true,
	"x": true, "X": true, "*": true, "**": true, "***": true, "n.a.": true, "n.a": true, "na": true,
	"NA": true, "N/A": true, "n/a": true, "-/-": true, "//": true, "/": true,
}

// isMarker reports whether a cell is a missing/confidential marker.
func isMarker(s string) bool { return markers[clean(s)] }

// isValueish reports whether a cell is a number or a marker standing for one.
func isValueish(s string) bool { return isNumber(s) || isMarker(s) }

var (
	yearCellRE = regexp.MustCompile(`^(1[89]|20|21)\d{2}(?:\.0+)?$`)
	yearInRE   = regexp.MustCompile(`(?:^|\D)(1[89]\d{2}|20\d{2}|21\d{2})(?:\D|$)`)
)

// isYear reports whether a cell is a bare year, as text or as a float
// stored for one ("1995", "1995.0").
func isYear(s string) bool { return yearCellRE.MatchString(clean(s)) }

// periodWords are the words that make a header cell a period (Vietnamese
// and the English of bilingual yearbooks). Matched as whole words.
var periodWords = map[string]bool{
	"quý": true, "quí": true, "tháng": true, "năm": true, "kỳ": true, "kì": true, "tuần": true,
	"prel": true, "est": true, "quarter": true, "month": true, "months": true, "year": true, "q1": true, "q2": true,
	"q3": true, "q4": true, "h1": true, "h2": true, "fy": true,
}

// periodPhrases are multi-word period markers, matched as substrings of the
// lower-cased, space-normalised text.
var periodPhrases = []string{
	"sơ bộ", "ước tính", "ước thực hiện", "ước tháng", "ước năm", "ước quý", "so với", "cùng kỳ", "kỳ này",
	"prel.", "est.", "chính thức", "cộng dồn", "lũy kế", "luỹ kế", "bình quân", "months",
}

// joinPhrases are the phrases a header cell may be cut inside, by a line
// break or by the next row of the band ("Sơ " / "bộ", "Ước" / "tính",
// "Cộng" / "dồn", "Bình" / "quân năm 2012"): two parts are read as one
// where such a phrase starts in the first and ends in the second.
var joinPhrases = []string{
	"sơ bộ", "ước tính", "ước thực hiện", "thực hiện", "chính thức", "cộng dồn", "lũy kế", "luỹ kế",
	"bình quân", "so với", "cùng kỳ", "kỳ này", "cả năm", "6 tháng", "9 tháng", "tháng trước", "năm trước",
}

// cutPhrase reports whether a phrase of joinPhrases starts in a and ends
// in b, read as a + " " + b.
func cutPhrase(a, b string) bool {
	la, lb := strings.ToLower(norm(a)), strings.ToLower(norm(b))
	if la == "" || lb == "" {
		return false
	}
	j := la + " " + lb
	for _, p := range joinPhrases {
		for from := 0; ; {
			i := strings.Index(j[from:], p)
			if i < 0 {
				break
			}
			i += from
			if i < len(la) && i+len(p) > len(la)+1 {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// isPeriodish reports whether header text names a period: it holds a year or
// a period word ("Quý III", "Sơ bộ", "Prel. 2016", "cả năm").
func isPeriodish(s string) bool {
	s = strings.ToLower(norm(s))
	if s == "" {
		return false
	}
	if yearInRE.MatchString(s) {
		return true
	}
	for _, p := range periodPhrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if periodWords[w] {
			return true
		}
	}
	return false
}

// periodHeaders are the headers of a column that holds each row's period.
var periodHeaders = map[string]bool{
	"year": true, "years": true, "năm": true, "period": true, "time": true, "date": true, "kỳ": true,
	"thời gian": true, "thời kỳ": true, "quarter": true, "quý": true, "month": true, "tháng": true,
}

// isPeriodHeader reports whether a column header names the period column
// of a long table ("year", "Năm").
func isPeriodHeader(s string) bool { return periodHeaders[strings.ToLower(norm(s))] }

// isUnitHeader reports whether a column header says the column holds each
// row's unit ("Đơn vị tính", "ĐVT", "Unit").
func isUnitHeader(s string) bool {
	switch strings.TrimSuffix(strings.ToLower(norm(s)), ":") {
	case "đơn vị tính", "đơn vị", "đvt", "unit", "units", "đơn vị tính - unit", "đơn vị tính unit":
		return true
	}
	return false
}

// statusOf reads the publication status a period header carries.
func statusOf(s string) string {
	l := strings.ToLower(norm(s))
	switch {
	case strings.Contains(l, "sơ bộ") || strings.Contains(l, "prel"):
		return "preliminary"
	case strings.Contains(l, "ước tính") || strings.Contains(l, "ước thực hiện") ||
		strings.HasPrefix(l, "ước ") || strings.Contains(l, "estimate") || strings.Contains(l, "est."):
		return "estimate"
	}
	return ""
}

// unitPrefixes are the labels that introduce a unit ("Đơn vị tính: Nghìn ha").
var unitPrefixes = []string{"đơn vị tính:", "đơn vị tính :", "đơn vị:", "đvt:", "đvt :", "unit:", "units:", "unit :"}

// unitStarts are the words a unit text begins with (followed by anything
// but a letter): multipliers, currencies, physical units.
var unitStarts = []string{
	"%", "‰", "tỷ", "tỉ", "triệu", "nghìn", "ngàn", "trăm", "đồng", "usd", "ha", "tấn", "km", "kg",
	"lít", "m2", "m3", "m²", "m³", "kwh", "trill", "bill", "mill", "thous", "million", "billion",
	"thousand", "percent", "per cent", "cơ cấu", "structure", "vnd", "dong", "tonnes", "tons", "hectares",
}

// unitWhole are units that are also ordinary words, so they count only as
// the whole cell ("Người" is a unit, "Người lao động" is not).
var unitWhole = map[string]bool{
	"người": true, "hộ": true, "con": true, "cái": true, "chiếc": true, "lượt": true, "lần": true,
	"điểm": true, "giờ": true, "persons": true, "people": true, "households": true, "số người": true,
	"lượt người": true, "lượt khách": true, "lượt xe": true, "người/km²": true, "người/km2": true,
	"doanh nghiệp": true, "dn": true, "dự án": true, "enterprises": true, "projects": true,
}

// unitText returns the unit a cell states, without its "Đơn vị tính:"
// label, when the whole cell is a unit ("Tỷ đồng", "Nghìn người", "%",
// "Nghìn tỷ đồng - Trill. dongs", "Cơ cấu - %"); ok is false otherwise.
func unitText(s string) (unit string, ok bool) {
	s = norm(s)
	l := strings.ToLower(s)
	for _, p := range unitPrefixes {
		if strings.HasPrefix(l, p) {
			s = norm(s[len(p):])
			return s, s != ""
		}
	}
	if s == "" || isNumber(s) || len(strings.Fields(s)) > 10 {
		return "", false
	}
	if unitWhole[l] {
		return s, true
	}
	for _, w := range unitStarts {
		if strings.HasPrefix(l, w) {
			rest := l[len(w):]
			if rest == "" || !unicode.IsLetter([]rune(rest)[0]) {
				return s, true
			}
		}
	}
	if (strings.HasSuffix(l, "%") || strings.HasSuffix(l, "(%)")) && (isMeasure(s) || l == "(%)") && len(strings.Fields(s)) <= 6 && !isPeriodish(s) {
		return s, true
	}
	return "", false
}

// unitIn returns a unit stated in header text: the last parenthesised unit
// ("Thực hiện (Tỷ đồng)" → "Tỷ đồng", "Cơ cấu (%)" → "%", "Năm 2012 so
// với năm 2011 (%)" → "%"), else the whole text when it is a unit.
func unitIn(s string) string {
	m := parenRE.FindAllStringSubmatch(s, -1)
	for i := len(m) - 1; i >= 0; i-- {
		if u, ok := unitText(m[i][1]); ok {
			return u
		}
	}
	if u, ok := unitText(s); ok {
		return u
	}
	return ""
}

// measureWords start header texts that name what is measured even when they
// also state a unit ("Cơ cấu (%)" is a structure, not just a percentage).
var measureWords = []string{"cơ cấu", "structure", "chỉ số", "index", "tốc độ", "growth", "tỷ lệ", "rate"}

// isMeasure reports whether header text names a measure (see measureWords).
func isMeasure(s string) bool {
	l := strings.ToLower(norm(s))
	for _, w := range measureWords {
		if strings.HasPrefix(l, w) {
			return true
		}
	}
	return false
}

var parenRE = regexp.MustCompile(`\(([^()]*)\)`)

// isProse reports whether a cell is running text (a note or source line
// that spilled into the value columns), not a value or a marker.
func isProse(s string) bool {
	s = norm(s)
	return !isNumber(s) && !isMarker(s) &&
		(len(strings.Fields(s)) >= 6 || utf8.RuneCountInString(s) > 40 || strings.HasSuffix(s, ":"))
}

// notePrefixes start the notes below a table: footnotes, sources.
var notePrefixes = []string{
	"footnote", "source:", "sources:", "source :", "note:", "notes:", "nguồn:", "nguồn :", "nguồn số liệu",
	"ghi chú", "chú thích", "chú ý:",
}

// isOfWhich reports whether a label names a part of the item above it:
// "Trong đó: Nguyên chiếc", "Of which: …".
func isOfWhich(s string) bool {
	l := strings.ToLower(norm(s))
	return strings.HasPrefix(l, "trong đó") || strings.HasPrefix(l, "of which") || strings.HasPrefix(l, "in which")
}

// isNoteStart reports whether text opens the notes below a table
// ("Footnotes:", "Sources:", "Nguồn: …", "Ghi chú: …").
func isNoteStart(s string) bool {
	l := strings.ToLower(norm(s))
	for _, p := range notePrefixes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

var codeRE = regexp.MustCompile(`^[0-9]{1,4}(?:[.\-][0-9A-Za-z]{1,4}){0,3}\.?$|^[A-Z]{1,3}[0-9]{1,4}(?:\.[0-9]{1,4}){0,3}$`)

// isCode reports whether a label cell is an item code ("001", "1.2", "A01")
// rather than an item name.
func isCode(s string) bool { return codeRE.MatchString(clean(s)) }

// ColumnLetter renders a 0-based column index as a spreadsheet column
// letter: 0 → "A", 25 → "Z", 26 → "AA".
func ColumnLetter(c int) string {
	if c < 0 {
		return ""
	}
	var b []byte
	for c >= 0 {
		b = append([]byte{byte('A' + c%26)}, b...)
		c = c/26 - 1
	}
	return string(b)
}
