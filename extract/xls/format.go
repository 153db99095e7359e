package xls

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// This file renders a numeric cell as the text Excel shows for it, to the
// extent a statistical table needs: the number of decimals of its format
// (a yearbook stores 2536630.7249205066 and shows 2536630.7, and what the
// office published is what it shows), percentages, and dates. Thousands
// separators are left out on purpose: "2.536.630,7" versus "2,536,630.7" is
// exactly the ambiguity transform should not have to guess, and the
// separator Excel would use depends on the reader's locale, not the file.

// builtinFormats are the number formats that BIFF8 files do not store
// ([MS-XLS] 2.4.126), by format id.
var builtinFormats = map[uint16]string{
	0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
	5: `"$"#,##0_);("$"#,##0)`, 6: `"$"#,##0_);[Red]("$"#,##0)`, 7: `"$"#,##0.00_);("$"#,##0.00)`, 8: `"$"#,##0.00_);[Red]("$"#,##0.00)`,
	9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	14: "m/d/yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
	20: "h:mm", 21: "h:mm:ss", 22: "m/d/yyyy h:mm",
	37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)", 40: "#,##0.00_);[Red](#,##0.00)",
	41: `_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)`, 42: `_("$"* #,##0_);_("$"* (#,##0);_("$"* "-"_);_(@_)`,
	43: `_(* #,##0.00_);_(* (#,##0.00);_(* "-"??_);_(@_)`, 44: `_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)`,
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0", 48: "##0.0E+0", 49: "@",
}

// displayNumber renders v with number format code.
func displayNumber(v float64, id uint16, code string, date1904 bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	section := firstSection(code)
	if isDateFormat(id, section) {
		return excelDate(v, date1904, strings.ContainsAny(strings.ToLower(stripLiterals(section)), "hs"))
	}
	lit := stripLiterals(section)
	if lit == "" || strings.EqualFold(lit, "general") || lit == "@" || strings.ContainsAny(lit, "Ee?/") {
		return general(v)
	}
	dec := decimals(lit)
	if strings.Contains(lit, "%") {
		return strconv.FormatFloat(v*100, 'f', dec, 64) + "%"
	}
	if !strings.ContainsAny(lit, "0#") {
		return general(v)
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if s == "-0" || strings.Trim(s, "-0.") == "" && strings.HasPrefix(s, "-") {
		s = s[1:]
	}
	return s
}

// general renders a number the way the General format shows it in a
// column of standard width: at most 11 characters, so at most 10 or 11
// significant digits (2536630.7249205066 → "2536630.725", 1995.0 → "1995",
// -0.9319999999999986 → "-0.932"). A number that cannot be shown in 11
// characters without an exponent is given with 15 significant digits (the
// precision Excel keeps) instead of Excel's "1.23457E+11".
func general(v float64) string {
	for p := 15; p > 0; p-- {
		r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', p, 64), 64)
		if err != nil {
			break
		}
		if a := math.Abs(r); a != 0 && (a >= 1e15 || a < 1e-9) {
			break
		}
		if s := strconv.FormatFloat(r, 'f', -1, 64); len(s) <= 11 {
			return s
		}
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil {
		r = v
	}
	if a := math.Abs(r); a != 0 && (a >= 1e15 || a < 1e-9) {
		return strconv.FormatFloat(r, 'g', -1, 64)
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// firstSection returns the part of a format for positive numbers.
func firstSection(code string) string {
	inQuote := false
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '"':
			inQuote = !inQuote
		case '\\':
			i++
		case ';':
			if !inQuote {
				return code[:i]
			}
		}
	}
	return code
}

// stripLiterals removes quoted text, escaped characters, [colour]/[locale]
// brackets and the _x / *x padding directives from a format section.
func stripLiterals(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return b.String()
			}
			i += j + 1
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return b.String()
			}
			i += j
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func decimals(lit string) int {
	i := strings.IndexByte(lit, '.')
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range lit[i+1:] {
		if c == '0' || c == '#' || c == '?' {
			n++
		} else if c != ',' {
			break
		}
	}
	return n
}

func isDateFormat(id uint16, section string) bool {
	if (id >= 14 && id <= 22) || (id >= 45 && id <= 47) {
		return true
	}
	lit := strings.ToLower(stripLiterals(section))
	return strings.ContainsAny(lit, "dmyhs") && !strings.ContainsAny(lit, "0#")
}

// excelDate renders a date serial as ISO 8601.
func excelDate(v float64, date1904, withTime bool) string {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if v < 0 || v > 2958465 {
		return general(v)
	}
	t := base.Add(time.Duration(math.Round(v*86400)) * time.Second)
	if withTime {
		if v < 1 {
			return t.Format("15:04:05")
		}
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02")
}
