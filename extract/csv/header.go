package csvsrc

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/hanoi-sti/chitieu/vntext"
)

// role is what a column holds, judged from its header.
type role int

const (
	roleOther  role = iota // a row attribute kept in Dims (or, in some layouts, a measure)
	roleYear               // a header naming a period ("2015", "Prel. 2016", "Total (%) 2010")
	rolePeriod             // the period is in the cells ("Year", "Năm")
	roleValue              // the value is in the cells ("Value", "Giá trị")
	roleGeo                // a province, region or country ("Tỉnh", "Cities, provincies")
	roleSeries             // the series label ("Chỉ tiêu", "Items", "Economic activity")
	roleCode               // the series code ("Code", "Mã số")
	roleUnit               // the unit ("Đơn vị tính")
	roleStatus             // a flag on the value ("Status", "Flag")
)

// tokens splits folded text into words of letters and digits.
func tokens(s string) []string {
	return strings.FieldsFunc(vntext.FoldWords(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '%'
	})
}

// hasPhrase reports whether the words ws contain phrase (space-separated
// words) as consecutive words.
func hasPhrase(ws []string, phrase string) bool {
	return strings.Contains(" "+strings.Join(ws, " ")+" ", " "+phrase+" ")
}

func hasAnyPhrase(ws []string, phrases ...string) bool {
	for _, p := range phrases {
		if hasPhrase(ws, p) {
			return true
		}
	}
	return false
}

// allIn reports whether every word is in set (and there is at least one).
func allIn(ws []string, set map[string]bool) bool {
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if !set[w] {
			return false
		}
	}
	return true
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	// Every word of a period column's header is one of these: "Year",
	// "Năm", "Năm/Year", "Time period", "Kỳ báo cáo".
	periodWords = setOf("year", "years", "nam", "period", "periods", "time", "thoi", "gian", "ky", "date", "ngay",
		"quarter", "quy", "month", "thang", "ref", "reference", "bao", "cao", "time_period")
	// Every word of a value column's header is one of these: "Value",
	// "Giá trị", "OBS_VALUE", "Số liệu".
	valueWords = setOf("value", "values", "gia", "tri", "obs", "observation", "obs_value", "amount", "so", "lieu",
		"data", "du", "figure", "figures")
)

// parenRE finds innermost parenthesised parts of a label.
var parenRE = regexp.MustCompile(`\(([^()]*)\)`)

// roleOf classifies a header by its name. Headers carrying a year are
// period headers of a wide table (checked by the caller first).
func roleOf(header string) role {
	ws := tokens(parenRE.ReplaceAllString(header, " "))
	if len(ws) == 0 {
		ws = tokens(header)
	}
	switch {
	case hasAnyPhrase(ws, "country code", "countryiso3code", "iso3", "iso3 code", "ma tinh", "province code",
		"ma dia phuong", "ref area", "ref_area", "reference area", "geo code", "area code"):
		return roleGeo
	case hasAnyPhrase(ws, "code", "ma", "ma so", "id", "series id", "series_id", "indicator id"):
		return roleCode
	case hasAnyPhrase(ws, "unit", "units", "don vi", "dvt", "unit_measure"):
		return roleUnit
	case hasAnyPhrase(ws, "status", "flag", "flags", "obs_status", "trang thai"):
		return roleStatus
	case allIn(ws, periodWords):
		return rolePeriod
	case allIn(ws, valueWords):
		return roleValue
	case hasAnyPhrase(ws, "province", "provinces", "provincies", "provincial", "city", "cities", "region", "regions",
		"country", "countries", "geo", "geography", "location", "locality", "tinh", "tinh thanh", "thanh pho",
		"dia phuong", "vung", "quoc gia", "dia ban") && !hasPhrase(ws, "uoc tinh"):
		return roleGeo
	case hasAnyPhrase(ws, "indicator", "indicators", "chi tieu", "chi so", "series", "item", "items", "noi dung",
		"muc", "hang muc", "economic activity", "economic activities", "economic sector", "sector", "sectors",
		"nganh", "linh vuc", "ten", "name", "label", "subject", "variable", "measure", "bien"):
		return roleSeries
	}
	return roleOther
}

// yearRE finds a plausible year written as four digits on their own.
var yearRE = regexp.MustCompile(`(?:^|[^0-9])((?:18|19|20)[0-9]{2})(?:[^0-9]|$)`)

// periodWordsAround are words that belong to a period label written next to
// its year: "Prel. 2016", "Sơ bộ 2023", "Ước tính 2024", "Quý II 2023",
// "9 tháng 2024", "2023 (Prel.)".
var periodWordsAround = setOf("prel", "preliminary", "so", "bo", "sb", "uoc", "tinh", "est", "estimate",
	"estimated", "quy", "quarter", "q1", "q2", "q3", "q4", "i", "ii", "iii", "iv", "thang", "month", "months",
	"nam", "year", "dau", "cuoi", "first", "half", "h1", "h2", "kh", "ke", "hoach", "plan", "target", "p", "e",
	"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")

// notPeriodBefore are words after which a year is part of a measure, not a
// period: "at constant 2010 prices", "giá so sánh 2010", "base 2010".
var notPeriodBefore = setOf("constant", "base", "sanh", "goc", "gốc")

// splitPeriodHeader splits a column header carrying a year into the
// measure it names and the period, both as written: "Total (Thous. pers.)
// Prel. 2016" is measure "Total (Thous. pers.)" and period "Prel. 2016";
// "Sơ bộ 2023" is all period. ok is false when the header holds no year.
func splitPeriodHeader(h string) (measure, period string, ok bool) {
	words := strings.Fields(h)
	yi := -1
	for i := len(words) - 1; i >= 0; i-- {
		if yearRE.MatchString(words[i]) {
			if i > 0 && notPeriodBefore[wordKey(words[i-1])] {
				continue
			}
			yi = i
			break
		}
	}
	if yi < 0 {
		return "", "", false
	}
	lo, hi := yi, yi
	for lo > 0 && periodWordsAround[wordKey(words[lo-1])] {
		lo--
	}
	for hi < len(words)-1 && periodWordsAround[wordKey(words[hi+1])] {
		hi++
	}
	period = strings.Join(words[lo:hi+1], " ")
	measure = strings.TrimSpace(strings.Join(words[:lo], " ") + " " + strings.Join(words[hi+1:], " "))
	return measure, period, true
}

// wordKey folds one word and strips the punctuation around it: "Prel." and
// "(Prel.)" are "prel".
func wordKey(w string) string {
	return strings.Trim(vntext.FoldWords(w), ".,;:()[]*/-")
}

// unitWords name units of measure as GSO and ministries write them.
var unitWords = setOf("bill", "billion", "billions", "bil", "mill", "million", "millions", "mil", "thous",
	"thousand", "thousands", "trill", "trillion", "ty", "trieu", "nghin", "ngan", "dong", "dongs", "vnd", "usd",
	"us", "eur", "pers", "person", "persons", "people", "nguoi", "hectare", "hectares", "ton", "tons", "tonne",
	"tonnes", "km", "km2", "m2", "m3", "kg", "kwh", "gwh", "mw", "litre", "liter", "litres", "liters", "luot",
	"household", "households", "percent", "phan", "tram", "%")

// shortUnitWords are units only when they stand alone: "(ha)" but not
// "(Ha Noi)".
var shortUnitWords = setOf("ha", "ho", "con", "tan", "lit", "t")

// looksLikeUnit reports whether s reads as a unit of measure ("Bill.
// Dongs", "%", "Thous. pers.", "Nghìn người") rather than a qualifier
// ("Previous year = 100", "At current prices").
func looksLikeUnit(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if strings.Contains(s, "%") {
		return true
	}
	ws := tokens(s)
	if len(ws) == 0 || len(ws) > 5 {
		return false
	}
	if len(ws) == 1 && shortUnitWords[ws[0]] {
		return true
	}
	hits := 0
	for _, w := range ws {
		if unitWords[w] {
			hits++
		}
	}
	return hits > 0 && 2*hits >= len(ws)
}

// dashUnitRE finds a unit appended after a dash: "… at current prices-
// Bill. dongs".
var dashUnitRE = regexp.MustCompile(`[-–]\s*([^-–()]+)$`)

// unitIn returns the unit a label or header states, as written: the last
// parenthesised part that reads as a unit, or a unit after a final dash.
func unitIn(s string) string {
	ms := parenRE.FindAllStringSubmatch(s, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		if looksLikeUnit(ms[i][1]) {
			return strings.TrimSpace(ms[i][1])
		}
	}
	if m := dashUnitRE.FindStringSubmatch(s); m != nil && len(tokens(m[1])) <= 3 && looksLikeUnit(m[1]) {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// unitLine reads a preamble line that states the table's unit: "Đơn vị
// tính: Tỷ đồng", "Unit: Bill. Dongs".
func unitLine(s string) (string, bool) {
	k, v, ok := strings.Cut(s, ":")
	if !ok {
		return "", false
	}
	if ws := tokens(k); hasAnyPhrase(ws, "don vi", "don vi tinh", "dvt", "unit") && len(ws) <= 3 {
		return strings.TrimSpace(v), true
	}
	return "", false
}

// colLetter is the spreadsheet letter of a 0-based column: 0 is A, 26 AA.
func colLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// originColumn names a column for Origin.Column: its header, or its letter
// when the header is empty or would read as a cell reference (a header
// "GDP" would render as "GDP7"); cells beyond the header are "colN".
func originColumn(header []string, i int) string {
	if i >= len(header) {
		return "col" + strconv.Itoa(i+1)
	}
	h := strings.TrimSpace(header[i])
	if h == "" || (len(h) <= 3 && isUpperASCII(h)) {
		return colLetter(i)
	}
	return h
}

func isUpperASCII(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
