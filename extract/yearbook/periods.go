package yearbook

import (
	"regexp"
	"strconv"
	"strings"
)

// This file reads the period of a value column when the header band does
// not state it whole in the column's own cells, as GSO's monthly reports
// often do not: a phrase written after the measure in the same cell
// ("Chỉ số giá bình quân năm 2012 so với năm 2011"), a parent period left
// unmerged over the columns it heads ("Năm 2023" over "Số DN", "Vốn đăng
// ký", "Số lao động"), or a period stated only in the table's title
// ("… được cấp phép từ 01/01- 31/12/2024", "… đến ngày 20 tháng 12 năm
// 2024" over "Thực hiện kỳ này" and "Thực hiện cùng kỳ năm trước").

// periodStartRE finds where a period phrase starts inside a header text:
// a status word, a qualifier or a period word at the start of a word.
var periodStartRE = regexp.MustCompile(`(?i)(?:^|\s)(sơ bộ|ước tính|ước thực hiện|chính thức|bình quân|cộng dồn|lũy kế|luỹ kế|quý|quí|tháng|cả năm|năm\s+\d{4}|\d{1,2}\s+tháng|prel\.|est\.)`)

var yearRE = regexp.MustCompile(`(1[89]|20|21)\d{2}`)

// splitMeasure splits a header text that names the measure and then its
// period ("Chỉ số giá bình quân năm 2012 so với năm 2011") into the two;
// ok is false when the text does not start with a measure followed by a
// period that states a year.
func splitMeasure(s string) (measure, period string, ok bool) {
	loc := periodStartRE.FindStringSubmatchIndex(s)
	if loc == nil || loc[2] == 0 {
		return "", "", false
	}
	measure, period = strings.TrimSpace(s[:loc[2]]), s[loc[2]:]
	if measure == "" || isPeriodish(measure) || isNumber(measure) || !yearRE.MatchString(period) {
		return "", "", false
	}
	return measure, period, true
}

// inheritPeriods gives a column without a period the period written in a
// header row above it, further left, with nothing between: a parent header
// its author did not merge over the columns it heads. A column empty in
// every header row and in the first data row (a spacer) stops the search.
func inheritPeriods(cols []*column, headers []row, first row) {
	spacer := func(c int) bool {
		if clean(first.cell(c)) != "" {
			return false
		}
		for _, h := range headers {
			if clean(h.cell(c)) != "" {
				return false
			}
		}
		return true
	}
	for _, col := range cols {
		if col.period != "" {
			continue
		}
		for _, h := range headers {
			if clean(h.cell(col.col)) != "" {
				break // only rows above the column's own header
			}
			c := col.col - 1
			for c >= 0 && clean(h.cell(c)) == "" && !spacer(c) {
				c--
			}
			if c < 0 || spacer(c) {
				continue
			}
			if p := norm(h.cell(c)); isPeriodish(p) && yearRE.MatchString(p) {
				col.period = p
				col.header = p + " / " + col.header
				col.status = statusOf(p)
				break
			}
		}
	}
}

var (
	titleSpanRE    = regexp.MustCompile(`(?i)từ\s*0?1\s*/\s*0?1\s*[-–]\s*\d{1,2}\s*/\s*(\d{1,2})\s*/\s*(\d{4})`)
	titlePeriodREs = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\d{1,2}\s+tháng(?:\s+đầu)?\s+năm\s+\d{4}`),
		regexp.MustCompile(`(?i)(?:quý|quí)\s+[ivx1-4]+\s+năm\s+\d{4}`),
		regexp.MustCompile(`(?i)tháng\s+\d{1,2}\s+năm\s+\d{4}`),
		regexp.MustCompile(`(?i)năm\s+\d{4}`),
	}
)

// titlePeriod returns the period a table's title states ("tháng 12 năm
// 2024", "năm 2024" for "từ 01/01- 31/12/2024"), or "".
func titlePeriod(title string) string {
	if m := titleSpanRE.FindStringSubmatch(title); m != nil {
		if m[1] == "12" {
			return "năm " + m[2]
		}
		return strings.TrimLeft(m[1], "0") + " tháng năm " + m[2]
	}
	for _, re := range titlePeriodREs {
		if m := re.FindString(title); m != "" {
			return m
		}
	}
	return ""
}

// titlePeriods gives the columns whose header states no year the period of
// the table's title: "Thực hiện kỳ này" (this period) is the title's period,
// "Thực hiện cùng kỳ năm trước" (the same period a year earlier) the
// title's period a year back, and "Số dự án" (no period at all) the title's.
// A comparison keeps its base: "Thực hiện kỳ này so với cùng kỳ năm trước
// (%)" becomes "tháng 12 năm 2024 so với cùng kỳ năm trước (%)".
func titlePeriods(cols []*column, title string) {
	tp := titlePeriod(title)
	if tp == "" {
		return
	}
	for _, col := range cols {
		if yearRE.MatchString(col.period) {
			continue
		}
		p, base := col.period, ""
		if i := strings.Index(strings.ToLower(p), "so với"); i >= 0 {
			p, base = p[:i], p[i:]
		}
		at := tp
		if l := strings.ToLower(p); strings.Contains(l, "cùng kỳ năm trước") || strings.Contains(l, "năm trước") {
			at = yearBack(tp)
		}
		col.period = strings.TrimSpace(at + " " + base)
		col.status = statusOf(col.period + " " + p)
	}
}

// yearBack moves the year in a period text one year back.
func yearBack(p string) string {
	return yearRE.ReplaceAllStringFunc(p, func(y string) string {
		n, _ := strconv.Atoi(y)
		return strconv.Itoa(n - 1)
	})
}

// stripUnit removes a parenthesised unit from a period that compares
// nothing ("Ước tính tháng 12 năm 2012 (Tỷ đồng)"); the column keeps the
// unit. A comparison keeps its "(%)", which belongs to its base.
func stripUnit(period string) string {
	if strings.Contains(strings.ToLower(period), "so với") {
		return period
	}
	return norm(parenRE.ReplaceAllStringFunc(period, func(m string) string {
		if unitIn(m) != "" {
			return ""
		}
		return m
	}))
}
