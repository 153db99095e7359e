package transform

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/hanoi-sti/chitieu/vntext"
)

// Period kinds, as stored in observations.period_kind.
const (
	KindYear    = "year"
	KindHalf    = "half"
	KindQuarter = "quarter"
	KindMonth   = "month"
	KindYTD     = "ytd" // from January to the end of a month: "9 tháng 2023"
	KindDay     = "day" // daily series (exchange rates): "2013-01-18"
)

// Period is a reference period as a typed interval.
type Period struct {
	Kind        string
	Start, End  time.Time // inclusive dates
	Preliminary bool      // "Sơ bộ", "Prel."
	Estimated   bool      // "Ước tính", "Est."
}

// Year returns the calendar year the period falls in.
func (p Period) Year() int { return p.Start.Year() }

// ErrPeriod is wrapped by ParsePeriod's errors.
var ErrPeriod = errors.New("unrecognised period")

var (
	// The longer words come first: the leftmost alternative wins, and
	// "prel" would otherwise leave "iminary" behind.
	prelimRE = regexp.MustCompile(`(?i)s[ơo]\s*b[ộo]|preliminary|prel\.?|\(p\)`)
	estRE    = regexp.MustCompile(`(?i)[ưu][ớo]c(\s*t[íi]nh|\s*th[ựu]c\s*hi[ệe]n)?|estimated?|\best\.?`)
	romanQ   = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

	reYear     = regexp.MustCompile(`^(?:năm|nam|year)?\s*(\d{4})(?:\.0+)?$`)
	reQuarter1 = regexp.MustCompile(`^(?:quý|quy|q)\s*(iv|iii|ii|i|[1-4])\s*[/\-. ]\s*(?:năm\s*)?(\d{4})$`)
	reQuarter2 = regexp.MustCompile(`^(\d{4})\s*[-/ ]?\s*(?:q|k)([1-4])$`)
	reHalf1    = regexp.MustCompile(`^(\d{4})\s*[-/ ]?\s*(?:s|h|b)([12])$`)
	reHalf2    = regexp.MustCompile(`^(?:h|s)([12])\s*[/\- ]\s*(\d{4})$`)
	reHalfVI   = regexp.MustCompile(`^(?:6\s*tháng|6\s*thang|6t)\s*(đầu|dau|cuối|cuoi)?\s*(?:năm|nam)?\s*[/ ]?\s*(\d{4})$`)
	reYTDVI    = regexp.MustCompile(`^(\d{1,2})\s*(?:tháng|thang|t)\s*(?:đầu\s*năm|dau\s*nam|năm|nam)?\s*[/ ]?\s*(\d{4})$`)
	reMonth1   = regexp.MustCompile(`^(\d{4})\s*(?:-|m|/)\s*(\d{1,2})$`)
	reMonth2   = regexp.MustCompile(`^(?:tháng|thang|t)\s*(\d{1,2})\s*[/\-. ]\s*(?:năm\s*)?(\d{4})$`)
	reMonth3   = regexp.MustCompile(`^(\d{1,2})\s*/\s*(\d{4})$`)
	// Words before a period that say what kind of figure it is, not when:
	// "Thực hiện tháng 11" (actual), "Chính thức" (final), "Cộng dồn năm"
	// (cumulative), "Thời điểm 01/12/2024" (as at).
	// "Bình quân quý IV" (the quarter's average) and "Lũy kế" (cumulative)
	// are the same kind of word.
	qualifierRE = regexp.MustCompile(`^(?:thực hiện|thuc hien|chính thức|chinh thuc|cộng dồn|cong don|thời điểm|thoi diem|tại thời điểm|bình quân|binh quan|lũy kế|luỹ kế|luy ke|average|official)\s+`)
	// English month spans become the Vietnamese the patterns read: "9
	// months 2024", "first 9 months of 2024" → "9 tháng 2024".
	monthsEN = regexp.MustCompile(`(?:first\s+)?\b(\d{1,2})\s*months?\b(?:\s+of\b)?`)
	// A year written before the rest of the period, as a parent header
	// merged over its sub-periods gives it: "Năm 2024 Quý II".
	yearFirst  = regexp.MustCompile(`^(?:năm|nam|year)?\s*(\d{4})\s*[,/\-:]?\s+(.+)$`)
	startsYear = regexp.MustCompile(`^\d{4}`)
	reDayVI    = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	reDay      = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
)

// ParsePeriod reads a period label as statistical sources write it:
// "2023", "Năm 2023", "2023.0", "Sơ bộ 2023", "Prel. 2016", "Quý II/2022",
// "2023-Q2", "2022K1", "6 tháng đầu năm 2023", "2023-S1", "H1/2023",
// "9 tháng 2023", "2023-06", "2023M06", "Tháng 6/2023".
func ParsePeriod(label string) (Period, error) {
	var p Period
	// NFC, because the patterns below are precomposed and spreadsheets
	// written on a Mac or converted from legacy encodings often are not.
	s := strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(label)), " "))
	if prelimRE.MatchString(s) {
		p.Preliminary = true
		s = prelimRE.ReplaceAllString(s, " ")
	}
	if estRE.MatchString(s) {
		p.Estimated = true
		s = estRE.ReplaceAllString(s, " ")
	}
	s = strings.Trim(strings.Join(strings.Fields(s), " "), " -*()")
	s = qualifierRE.ReplaceAllString(s, "")
	// "Cả năm 2024" is the whole year; "quý IV năm năm 2024" is a typo GSO
	// repeats across a whole workbook.
	s = strings.NewReplacer("cả năm", "năm", "năm năm", "năm").Replace(s)
	s = monthsEN.ReplaceAllString(s, "$1 tháng")
	atoi := func(x string) int { v, _ := strconv.Atoi(x); return v }
	var ok bool
	switch {
	case reYear.MatchString(s):
		y := atoi(reYear.FindStringSubmatch(s)[1])
		p.Kind, p.Start, p.End, ok = KindYear, date(y, 1, 1), date(y, 12, 31), true
	case reQuarter1.MatchString(s):
		m := reQuarter1.FindStringSubmatch(s)
		p, ok = quarter(p, atoi(m[2]), romanQ[m[1]])
	case reQuarter2.MatchString(s):
		m := reQuarter2.FindStringSubmatch(s)
		p, ok = quarter(p, atoi(m[1]), atoi(m[2]))
	case reHalf1.MatchString(s):
		m := reHalf1.FindStringSubmatch(s)
		p, ok = half(p, atoi(m[1]), atoi(m[2]))
	case reHalf2.MatchString(s):
		m := reHalf2.FindStringSubmatch(s)
		p, ok = half(p, atoi(m[2]), atoi(m[1]))
	case reHalfVI.MatchString(s):
		m := reHalfVI.FindStringSubmatch(s)
		h := 1
		if m[1] == "cuối" || m[1] == "cuoi" {
			h = 2
		}
		p, ok = half(p, atoi(m[2]), h)
	case reYTDVI.MatchString(s):
		m := reYTDVI.FindStringSubmatch(s)
		months, y := atoi(m[1]), atoi(m[2])
		if months >= 1 && months <= 12 {
			p.Kind, p.Start, p.End, ok = KindYTD, date(y, 1, 1), date(y, time.Month(months)+1, 0), true
			if months == 12 {
				p.Kind = KindYear
			}
		}
	case reMonth1.MatchString(s):
		m := reMonth1.FindStringSubmatch(s)
		p, ok = month(p, atoi(m[1]), atoi(m[2]))
	case reMonth2.MatchString(s):
		m := reMonth2.FindStringSubmatch(s)
		p, ok = month(p, atoi(m[2]), atoi(m[1]))
	case reMonth3.MatchString(s):
		m := reMonth3.FindStringSubmatch(s)
		p, ok = month(p, atoi(m[2]), atoi(m[1]))
	case reDayVI.MatchString(s):
		m := reDayVI.FindStringSubmatch(s)
		if d := date(atoi(m[3]), time.Month(atoi(m[2])), atoi(m[1])); d.Day() == atoi(m[1]) && int(d.Month()) == atoi(m[2]) {
			p.Kind, p.Start, p.End, ok = KindDay, d, d, true
		}
	case reDay.MatchString(s):
		m := reDay.FindStringSubmatch(s)
		if d := date(atoi(m[1]), time.Month(atoi(m[2])), atoi(m[3])); d.Format(time.DateOnly) == m[0] {
			p.Kind, p.Start, p.End, ok = KindDay, d, d, true
		}
	}
	if !ok {
		if m := yearFirst.FindStringSubmatch(s); m != nil && !startsYear.MatchString(m[2]) {
			// "năm 2024 quý ii" is read as "quý ii 2024"; the flags
			// already found stay.
			if q, err := ParsePeriod(m[2] + " " + m[1]); err == nil {
				q.Preliminary = q.Preliminary || p.Preliminary
				q.Estimated = q.Estimated || p.Estimated
				return q, nil
			}
		}
		return Period{}, fmt.Errorf("%q: %w", label, ErrPeriod)
	}
	return p, nil
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func quarter(p Period, y, q int) (Period, bool) {
	if q < 1 || q > 4 {
		return p, false
	}
	p.Kind, p.Start = KindQuarter, date(y, time.Month(3*q-2), 1)
	p.End = p.Start.AddDate(0, 3, -1)
	return p, true
}

func half(p Period, y, h int) (Period, bool) {
	if h < 1 || h > 2 {
		return p, false
	}
	p.Kind, p.Start = KindHalf, date(y, time.Month(6*h-5), 1)
	p.End = p.Start.AddDate(0, 6, -1)
	return p, true
}

func month(p Period, y, m int) (Period, bool) {
	if m < 1 || m > 12 {
		return p, false
	}
	p.Kind, p.Start = KindMonth, date(y, time.Month(m), 1)
	p.End = p.Start.AddDate(0, 1, -1)
	return p, true
}

// SplitComparison separates a column header that compares two periods, as
// GSO's tables of growth indices write them, into the period the value is
// for and the comparison base: "Năm 2024 so với năm 2023 (%)" is the year
// 2024, compared with "so với năm 2023 (%)"; "So với cùng kỳ năm trước (%)
// Quý III năm 2024" is 2024-Q3 compared with the same period a year
// earlier. A label without "so với" is returned unchanged with base "".
//
// The base belongs to the series' identity (an index is not the level it
// is computed from), so callers append it to the series, not the period.
func SplitComparison(label string) (period, base string) {
	words := strings.Fields(label)
	at := -1
	for i := 0; i+1 < len(words); i++ {
		if vntext.Fold(words[i]) == "so" && strings.TrimRight(vntext.Fold(words[i+1]), ":") == "voi" {
			at = i
			break
		}
	}
	switch {
	case at < 0:
		return label, ""
	case at > 0:
		return strings.Join(words[:at], " "), strings.Join(words[at:], " ")
	}
	// The comparison comes first: the period is the longest tail that parses.
	for k := 1; k < len(words); k++ {
		tail := strings.Join(words[k:], " ")
		if _, err := ParsePeriod(tail); err == nil {
			return tail, strings.Join(words[:k], " ")
		}
	}
	return label, ""
}
