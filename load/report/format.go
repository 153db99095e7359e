package report

import (
	"math"
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
// for average targets.
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
		s += " (bình quân 2021–2025)"
	} else {
		s += " (năm 2025)"
	}
	return s
}

// UnitVI is the unit as shown beside numbers.
func UnitVI(u string) string {
	if u == "hạng" {
		return "hạng (rank)"
	}
	return u
}
