package transform

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Number is a value cell after parsing.
type Number struct {
	Value   float64
	Missing bool   // a marker for "no value": "..", "-", "x", "…" or empty
	Marker  string // the marker as written, for obs_status
	Percent bool   // the text carried a % sign
	// Preliminary is set when the number carries a "sơ bộ" suffix, as
	// GSO's NSDP files write preliminary values ("519.4sb").
	Preliminary bool
}

// ErrNotNumber is wrapped by ParseNumber's errors.
var ErrNotNumber = errors.New("not a number")

// missingMarkers are the ways statistical tables write "no value". GSO uses
// ".." (not available) and "-" (nil or negligible), ADB "..." and "…",
// confidential cells are "x", SDMX writes a missing OBS_VALUE as "NaN", and
// PX files default their DATASYMBOL1–6 to "." up to "......" (a lone "." is
// not a marker anywhere else: it is a typing slip, so the PX decoder passes
// its quoted "." as "..").
var missingMarkers = map[string]bool{
	"..": true, "...": true, "…": true, "-": true, "–": true, "—": true, "x": true, "X": true,
	":": true, "n.a.": true, "N/A": true, "n/a": true, "NA": true, "na": true, "NaN": true,
	"....": true, ".....": true, "......": true,
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
	if plainDecimal(raw, !vi) {
		if v, err := strconv.ParseFloat(raw, 64); err == nil {
			return Number{Value: v}, nil
		}
	}
	return parseGeneral(raw, vi)
}

// parseGeneral reads every notation parseNumber takes; parseNumber tries
// the plain decimal first.
func parseGeneral(raw string, vi bool) (Number, error) {
	s := strings.TrimSpace(raw) // also trims U+00A0 and the other Unicode spaces
	if s == "" {
		return Number{Missing: true}, nil
	}
	if missingMarkers[s] {
		return Number{Missing: true, Marker: s}, nil
	}
	if t := strings.TrimSuffix(strings.TrimSuffix(s, "(sb)"), "sb"); t != s && t != "" {
		n, err := parseGeneral(t, vi)
		if err != nil {
			return Number{}, fmt.Errorf("%q: %w", raw, ErrNotNumber)
		}
		n.Preliminary = true
		return n, nil
	}
	bad := func() (Number, error) { return Number{}, fmt.Errorf("%q: %w", raw, ErrNotNumber) }
	var n Number
	neg := false
	for range 2 { // "(3,2%)" and "(3,2)%"
		if !n.Percent && strings.HasSuffix(s, "%") {
			n.Percent, s = true, strings.TrimSpace(strings.TrimSuffix(s, "%"))
		}
		if !neg && strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
			neg, s = true, strings.TrimSpace(s[1:len(s)-1])
		}
	}
	// Spaces of any kind (" ", U+00A0, the narrow U+202F and thin U+2009
	// that spreadsheets use) group thousands.
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	s = strings.Replace(s, "−", "-", 1) // U+2212 minus sign
	if s == "" || (neg && strings.ContainsAny(s[:1], "+-")) {
		return bad()
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dots > 0 && commas > 0:
		thousands, decimal := ".", "," // 1.234,5
		if strings.LastIndex(s, ".") > strings.LastIndex(s, ",") {
			thousands, decimal = ",", "." // 1,234.5
		}
		i := strings.LastIndex(s, decimal)
		head, tail := s[:i], s[i+1:]
		if strings.Contains(head, decimal) || !groupedThousands(head, thousands[0]) {
			return bad()
		}
		s = strings.ReplaceAll(head, thousands, "") + "." + tail
	case commas > 1:
		if !groupedThousands(s, ',') {
			return bad()
		}
		s = strings.ReplaceAll(s, ",", "")
	case dots > 1:
		if !groupedThousands(s, '.') {
			return bad()
		}
		s = strings.ReplaceAll(s, ".", "")
	case commas == 1:
		s = strings.Replace(s, ",", ".", 1)
	case dots == 1 && vi && groupedThousands(s, '.'):
		s = strings.ReplaceAll(s, ".", "")
	}
	// Only plain decimal notation: strconv.ParseFloat would also take
	// "nan", "inf", hexadecimal floats ("0x1p4") and underscores.
	if strings.Trim(s, "0123456789+-.eE") != "" {
		return bad()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return bad()
	}
	if neg {
		v = -v
	}
	n.Value = v
	return n, nil
}

// plainDecimal reports whether s is digits with an optional leading minus
// and, if point is true, at most one decimal point: what machine exports
// write in nearly every cell, and what strconv.ParseFloat reads exactly as
// the general path below would. Checking it first halved the cost of
// parsing a 5,000,000-row CSV's values.
func plainDecimal(s string, point bool) bool {
	if strings.HasPrefix(s, "-") {
		s = s[1:]
	}
	digits := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' && point:
			point = false
		default:
			return false
		}
	}
	return digits
}

// groupedThousands reports whether sep splits s into a 1–3 digit head and
// three-digit groups, as in "1.234.567".
func groupedThousands(s string, sep byte) bool {
	s = strings.TrimLeft(s, "+-")
	parts := strings.Split(s, string(sep))
	if len(parts[0]) < 1 || len(parts[0]) > 3 || !allDigits(parts[0]) {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 || !allDigits(p) {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
