package report

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// VN formats a number the Vietnamese way: a decimal comma and a dot between
// thousands (46,35; 810.000), at most two decimals, no trailing zeros.
// Reports are pasted into Vietnamese documents, where 46.35 reads as
// forty-six thousand three hundred and fifty.
func VN(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	var b strings.Builder
	if neg && (intPart != "0" || frac != "") {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// VNNum formats a Num, empty when missing.
func VNNum(n Num) string {
	if !n.OK {
		return ""
	}
	return VN(n.V)
}

// Date formats a date the Vietnamese way, 31/12/2023; empty for zero.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

// TargetVI writes a target in Vietnamese with Vietnamese numbers:
// "> 50", "7–7,5", "≈ 30 (± 2)", "hạng ≤ 5", with "bình quân 2021–2025"
// for average targets, and the document that set it ("theo 185/KH-UBND
// ngày 11/08/2021"; an amended target names the amending decision).
func TargetVI(k *KPI) string {
	var s string
	lo, hi := VNNum(k.TargetLow), VNNum(k.TargetHigh)
	switch k.Comparator {
	case "gt":
		s = "> " + lo
	case "ge":
		s = "≥ " + lo
	case "between":
		s = lo + "–" + hi
	case "approx":
		// kpi_status gives the band: target_low = target - tolerance,
		// target_high = target + tolerance.
		if k.TargetHigh.OK && k.TargetLow.OK {
			s = "khoảng " + VN(targetGoal(k)) + " (" + lo + "–" + hi + ")"
		} else {
			s = "khoảng " + lo
		}
	case "rank_le":
		s = "hạng ≤ " + lo
	default:
		s = k.TargetText
	}
	if k.TargetKind == "annual_average" {
		s += fmt.Sprintf(" (bình quân %d–%d)", k.FirstYear, k.Horizon)
	} else {
		s += fmt.Sprintf(" (năm %d)", k.Horizon)
	}
	if k.Decision != "" {
		s += " — theo " + k.Decision + " ngày " + Date(k.DecisionDate)
	}
	return s
}

// TargetEN is the target in English (kpi_status.target_text) with the
// document that set it in force at the review: "> 50.0 (by 2025); set by
// 185/KH-UBND (2021-08-11)".
func TargetEN(k *KPI) string {
	if k.Decision == "" {
		return k.TargetText
	}
	return fmt.Sprintf("%s; set by %s (%s)", k.TargetText, k.Decision, k.DecisionDate.Format(time.DateOnly))
}

// PlanLine names the plan a report is for: its number, date and issuer.
func (r *Report) PlanLine() string {
	return fmt.Sprintf("Kế hoạch %s ngày %s của %s", r.Review.PlanNumber, Date(r.Review.PlanIssued), r.Review.PlanIssuer)
}

// UnitVI is the unit as shown beside numbers.
func UnitVI(u string) string {
	if u == "hạng" {
		return "hạng (rank)"
	}
	return u
}

// Figure is one line of a KPI in a report's table: the values of the review
// years, and what they are.
type Figure struct {
	LabelVI, LabelEN string
	Values           []Num // per Report.reviewYears
}

// Figures are the lines a KPI takes in a report's table. A level target has
// one, the value of each year. An average target (KPI 1, KPI 2) has two,
// each labelled: the agency's value of each year (2020's included), and the
// average since 2021 to that year that the target is judged on. Showing
// only the average hid the yearly figures the agencies report, and left
// 2020 blank (there is no average before 2021).
func (r *Report) Figures(k *KPI) []Figure {
	pick := func(vals []Num) []Num {
		var out []Num
		for i, y := range r.Years {
			if y <= r.Review.Year {
				out = append(out, vals[i])
			}
		}
		return out
	}
	if !k.Average() {
		// year_value, not actual: a value kpi_status does not judge (a rank
		// among only some provinces) is still the year's value, and the
		// status column says why it is not judged.
		return []Figure{{"Giá trị năm", "value of the year", pick(k.YearValue)}}
	}
	return []Figure{
		{"Giá trị năm", "value of the year", pick(k.YearValue)},
		{fmt.Sprintf("Bình quân từ %d", k.FirstYear), fmt.Sprintf("average %d to the year", k.FirstYear), pick(k.Actual)},
	}
}

// methodLabels name the ways a KPI value is obtained in Vietnamese, by the
// English method text of kpi_status (sql/views/020_kpi.sql): the first
// pattern that matches gives the label, its groups ($1, $2) keeping the
// identifiers and numbers. A method not listed keeps its English text after
// a generic label, so a new method shows up rather than vanishing.
var methodLabels = []struct {
	re *regexp.Regexp
	vi string
}{
	{regexp.MustCompile(`^reported$`), "Số liệu do cơ quan báo cáo"},
	{regexp.MustCompile(`^none$`), "Chưa có số liệu"},
	{regexp.MustCompile(`^break: boundary change (.+)$`), "Không tính: thay đổi địa giới hành chính ngày $1"},
	{regexp.MustCompile(`^break: definition change (\S+) \((\S+)\)$`), "Không tính: thay đổi phạm vi thống kê của $2 từ ngày $1"},
	{regexp.MustCompile(`^derived: growth accounting (.+)$`), "Tính theo hạch toán tăng trưởng: $1"},
	{regexp.MustCompile(`^derived: \(1 \+ (\S+) growth\) / \((\S+)_t / \S+_t−1\) − 1$`), "Tính toán: (1 + tốc độ tăng $1) / ($2 năm nay / $2 năm trước) − 1"},
	{regexp.MustCompile(`^derived: rank of Hà Nội by growth of (\S+) among (\d+) of (\d+) provinces$`), "Tính toán: thứ hạng của Hà Nội về tốc độ tăng $1 trong $2/$3 tỉnh, thành phố"},
	{regexp.MustCompile(`^derived: rank of Hà Nội by (\S+) among (\d+) of (\d+) provinces$`), "Tính toán: thứ hạng của Hà Nội về $1 trong $2/$3 tỉnh, thành phố"},
	{regexp.MustCompile(`^derived: (.+)$`), "Tính toán: $1"},
}

var excludedMethod = regexp.MustCompile(`^excluded \((.+?)\): (.+)$`)

// MethodVI is the Vietnamese label of a KPI's method: "reported" is "Số
// liệu do cơ quan báo cáo", "derived: GRDP_CONST / EMPLOYED, year on year"
// is "Tính toán: tốc độ tăng của GRDP_CONST / EMPLOYED so với năm trước".
func MethodVI(method string) string {
	// "excluded (reason): method" is a value kpi_status does not judge.
	if m := excludedMethod.FindStringSubmatch(method); m != nil {
		return "Không đánh giá (" + m[1] + "): " + MethodVI(m[2])
	}
	for _, l := range methodLabels {
		if l.re.MatchString(method) {
			return l.re.ReplaceAllString(method, l.vi)
		}
	}
	return "Phương pháp: " + method
}
