package transform

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Number is a value cell after parsing.
type Number struct {
	Value   float64
	Missing bool   // a marker for "no value": "..", "-", "x", "…" or empty
	Marker  string // the marker as written, for obs_status
	Percent bool   // the text carried a % sign
}

// ErrNotNumber is wrapped by ParseNumber's errors.
var ErrNotNumber = errors.New("not a number")

// missingMarkers are the ways statistical tables write "no value". GSO uses
// ".." (not available) and "-" (nil or negligible), ADB "..." and "…",
// confidential cells are "x".
var missingMarkers = map[string]bool{
	"..": true, "...": true, "…": true, "-": true, "–": true, "—": true, "x": true, "X": true,
	":": true, "n.a.": true, "N/A": true, "n/a": true, "NA": true,
}

// ParseNumber reads a number written in Vietnamese or English notation:
// "7,5", "1.234,5", "1,234.5", "1 234", "12%", "(3,2)" (negative, as some
// tables print it), "-3.2", "1.5E+3".
//
// A lone separator is read as the decimal mark ("7,5" and "7.5" are both
// 7.5), because Vietnamese tables write decimals with a comma and machine
// exports with a point; a separator that repeats ("1.234.567") or sits
// beside the other kind ("1.234,5") is a thousands separator. The one
// ambiguous form, a single separator followed by exactly three digits
// ("1.234"), is therefore read as a decimal: sources that mean thousands
// there must say so (see ParseNumberVI).
func ParseNumber(s string) (Number, error) { return parseNumber(s, false) }

// ParseNumberVI is ParseNumber for text known to be in Vietnamese notation,
// where "." is always the thousands separator: "1.234" is 1234.
func ParseNumberVI(s string) (Number, error) { return parseNumber(s, true) }

func parseNumber(raw string, vi bool) (Number, error) {
	s := strings.TrimSpace(strings.ReplaceAll(raw, "\u00a0", " "))
	if s == "" {
		return Number{Missing: true}, nil
	}
	if missingMarkers[s] {
		return Number{Missing: true, Marker: s}, nil
	}
	var n Number
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, strings.TrimSpace(s[1:len(s)-1])
	}
	if strings.HasSuffix(s, "%") {
		n.Percent, s = true, strings.TrimSpace(strings.TrimSuffix(s, "%"))
	}
	s = strings.ReplaceAll(s, " ", "")
	s = strings.Replace(s, "−", "-", 1) // U+2212 minus sign
	if s == "" {
		return n, fmt.Errorf("%q: %w", raw, ErrNotNumber)
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dots > 0 && commas > 0:
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") { // 1.234,5
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		} else { // 1,234.5
			s = strings.ReplaceAll(s, ",", "")
		}
		if strings.Count(s, ".") > 1 {
			return n, fmt.Errorf("%q: %w", raw, ErrNotNumber)
		}
	case commas > 1:
		if !groupedThousands(s, ',') {
			return n, fmt.Errorf("%q: %w", raw, ErrNotNumber)
		}
		s = strings.ReplaceAll(s, ",", "")
	case dots > 1:
		if !groupedThousands(s, '.') {
			return n, fmt.Errorf("%q: %w", raw, ErrNotNumber)
		}
		s = strings.ReplaceAll(s, ".", "")
	case commas == 1:
		s = strings.Replace(s, ",", ".", 1)
	case dots == 1 && vi && groupedThousands(s, '.'):
		s = strings.ReplaceAll(s, ".", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || s == "NaN" || strings.Contains(strings.ToLower(s), "inf") || strings.HasPrefix(s, "0x") {
		return n, fmt.Errorf("%q: %w", raw, ErrNotNumber)
	}
	if neg {
		v = -v
	}
	n.Value = v
	return n, nil
}

// groupedThousands reports whether sep splits s into a 1–3 digit head and
// three-digit groups, as in "1.234.567".
func groupedThousands(s string, sep byte) bool {
	parts := strings.Split(strings.TrimPrefix(s, "-"), string(sep))
	if len(parts[0]) < 1 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}
