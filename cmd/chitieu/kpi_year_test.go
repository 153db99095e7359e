package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/excel"
)

// TestKPIYear2023: 'chitieu kpi --year 2023' on an agency workbook written
// here shows for each KPI the actual value, the target, the value expected
// in 2025, the gap, the status, the anticipated progress and the method,
// and the numbers agree with the computation done here by hand (README,
// "How progress is judged").
//
// Trend: the time-weighted least-squares line through the values, weights
// 1, 2, … from the earliest year, x = year − 2020.
//
//	KPI1 TFP share, reported 38.5, 47.2, 49.1 (2021–2023), GRDP_CONST 640000,
//	  657000, 714000, 760000 → g_Y 2.65625, 8.67580, 6.44258 %; g_TFP = share
//	  × g_Y / 100 = 1.02266, 4.09498, 3.16331; A = 100·Σg_TFP/Σg_Y =
//	  100·8.28095/17.77463 = 46.5885; g_Y and g_TFP each on its line (g_Y:
//	  slope 1.06789, intercept 4.06419; g_TFP: slope 0.66993, intercept
//	  1.55393) give 2024 + 2025 = 17.73937 and 9.13718: expected
//	  100·(8.28095 + 9.13718)/(17.77463 + 17.73937) = 49.0458 ≤ 50 → at_risk;
//	  progress 0.98092; gap 3.4115.
//	KPI2 productivity growth: 2021 crosses GSO's 2021 change of the employment
//	  count (not computed); 2022 (714000/3990)/(657000/3870) − 1 = 5.40735 %,
//	  2023 5.12522 %; A = √(1.0540735·1.0512522) − 1 = 5.26619 %; two values,
//	  no trend: expected 5.26619, progress 5.26619/7 = 0.75231 → at_risk; gap 1.73381.
//	KPI3 > 70: 40, 42.5, 48, 52 → slope 4.3, intercept 39.1 → 60.6 in 2025;
//	  progress (60.6 − 40)/(70 − 40) = 0.68667 → at_risk; gap 18.
//	KPI4 ≈ 30 ± 2, more is better (met from 28): 13.5, 15, 17.5, 19.8 →
//	  24.18; progress (24.18 − 13.5)/(28 − 13.5) = 0.73655 → at_risk; gap 8.2.
//	KPI5 > 50: 38, 41, 44, 47 → 53 → on_track, progress 1.25; gap 3.
//	KPI6 ≥ 40: 10, 18, 27, 35 → 51.9 → on_track, progress 1.39667; gap 5.
//	KPI7A rank ≤ 1: rank 1 as reported (a published national ranking) → achieved; gap 0.
//	KPI7B: no data → no_data.
func TestKPIYear2023(t *testing.T) {
	years := []string{"2020", "2021", "2022", "2023"}
	series := map[string][]float64{
		"KPI1_TFP_SHARE":            {math.NaN(), 38.5, 47.2, 49.1},
		"GRDP_CONST":                {640000, 657000, 714000, 760000},
		"EMPLOYED":                  {3950, 3870, 3990, 4040},
		"KPI3_HITECH_AGRI_SHARE":    {40, 42.5, 48, 52},
		"KPI4_DIGITAL_ECON_SHARE":   {13.5, 15, 17.5, 19.8},
		"KPI5_INNOVATING_ENT_SHARE": {38, 41, 44, 47},
		"KPI6_OCOP_IP_SHARE":        {10, 18, 27, 35},
		"KPI7A_PUBLICATIONS_RANK":   {1, 1, 1, 1},
	}
	units := map[string]string{"GRDP_CONST": "tỷ đồng", "EMPLOYED": "nghìn người", "KPI7A_PUBLICATIONS_RANK": "hạng"}

	// wls is the time-weighted least-squares line through (year, value).
	wls := func(years []int, v []float64) (intercept, slope float64) {
		var sw, swx, swy, swxx, swxy float64
		for i, y := range years {
			w, x := float64(y-years[0]+1), float64(y-2020)
			sw, swx, swy, swxx, swxy = sw+w, swx+w*x, swy+w*v[i], swxx+w*x*x, swxy+w*x*v[i]
		}
		slope = (sw*swxy - swx*swy) / (sw*swxx - swx*swx)
		return (swy - slope*swx) / sw, slope
	}
	type want struct {
		actual, expected, gap, progress float64 // NaN: empty
		target, status, method          string
	}
	nan := math.NaN()
	wants := map[string]want{}
	level := func(code string, xStar float64, target string) {
		v := series[code]
		a, b := wls([]int{2020, 2021, 2022, 2023}, v)
		exp := math.Min(math.Max(a+b*5, 0), 100)
		p := (exp - v[0]) / (xStar - v[0])
		status := "at_risk"
		if exp > xStar || code == "KPI6_OCOP_IP_SHARE" && exp >= xStar {
			status = "on_track"
		}
		wants[code] = want{v[3], exp, xStar - v[3], p, target, status, "reported"}
	}
	level("KPI3_HITECH_AGRI_SHARE", 70, "> 70.0 (by 2025)")
	level("KPI4_DIGITAL_ECON_SHARE", 28, "≈ 30.0 (±2.0) (by 2025)")
	level("KPI5_INNOVATING_ENT_SHARE", 50, "> 50.0 (by 2025)")
	level("KPI6_OCOP_IP_SHARE", 40, "≥ 40.0 (by 2025)")
	{
		y, s := series["GRDP_CONST"], series["KPI1_TFP_SHARE"]
		var sumG, sumTFP float64
		var gs, ts []float64
		for i := 1; i < 4; i++ {
			g := (y[i]/y[i-1] - 1) * 100
			sumG += g
			sumTFP += s[i] * g / 100
			gs, ts = append(gs, g), append(ts, s[i]*g/100)
		}
		a := 100 * sumTFP / sumG
		icG, slG := wls([]int{2021, 2022, 2023}, gs)
		icT, slT := wls([]int{2021, 2022, 2023}, ts)
		projG := icG + slG*4 + icG + slG*5
		projT := icT + slT*4 + icT + slT*5
		exp := 100 * (sumTFP + projT) / (sumG + projG)
		wants["KPI1_TFP_SHARE"] = want{a, exp, 50 - a, exp / 50, "> 50.0 (average 2021–2025)", "at_risk", "reported"}
	}
	{
		y, l := series["GRDP_CONST"], series["EMPLOYED"]
		prod := 1.0
		for i := 2; i < 4; i++ {
			prod *= (y[i] / l[i]) / (y[i-1] / l[i-1])
		}
		a := (math.Sqrt(prod) - 1) * 100
		wants["KPI2_LABOUR_PROD_GROWTH"] = want{a, a, 7 - a, a / 7, "7.0–7.5 (average 2021–2025)", "at_risk",
			"derived: (1 + GRDP_CONST growth) / (EMPLOYED_t / EMPLOYED_t−1) − 1"}
	}
	wants["KPI7A_PUBLICATIONS_RANK"] = want{1, 1, 0, nan, "rank ≤ 1 (by 2025)", "achieved", "reported"}
	wants["KPI7B_PATENT_GROWTH_RANK"] = want{nan, nan, nan, nan, "rank ≤ 5 (by 2025)", "no_data", "none"}
	// The comment's rounded figures, so the text and the code agree.
	for code, w := range map[string][3]float64{
		"KPI1_TFP_SHARE": {46.5885, 49.0458, 0.98092}, "KPI2_LABOUR_PROD_GROWTH": {5.26619, 5.26619, 0.75231},
		"KPI3_HITECH_AGRI_SHARE": {52, 60.6, 0.68667}, "KPI4_DIGITAL_ECON_SHARE": {19.8, 24.18, 0.73655},
		"KPI5_INNOVATING_ENT_SHARE": {47, 53, 1.25}, "KPI6_OCOP_IP_SHARE": {35, 51.9, 1.39667},
	} {
		h := wants[code]
		if math.Abs(h.actual-w[0]) > 1e-4 || math.Abs(h.expected-w[1]) > 1e-4 || math.Abs(h.progress-w[2]) > 1e-4 {
			t.Fatalf("hand computation %s: %+v, the comment says %v", code, h, w)
		}
	}

	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	var rows []excel.ReportRow
	for code, v := range series {
		r := excel.ReportRow{Code: code, Unit: "%"}
		if u, ok := units[code]; ok {
			r.Unit = u
		}
		for _, x := range v {
			if math.IsNaN(x) {
				r.Values = append(r.Values, nil)
			} else {
				r.Values = append(r.Values, x)
			}
		}
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Code < rows[j].Code })
	f, err := os.Create(filepath.Join(dir, "bao-cao-skhdt-2023.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	err = excel.WriteReport(f, excel.Report{Agency: "Sở Kế hoạch và Đầu tư", AgencyCode: "SKHDT", Period: "Năm",
		Date: time.Date(2023, 11, 25, 0, 0, 0, 0, time.UTC), Periods: years, Rows: rows})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := chitieu(t, "", "load", "--db", db, f.Name()); code != 0 || !strings.Contains(out, "rows read 31 = loaded 31 + rejected 0") {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := chitieu(t, "", "kpi", "--db", db, "--year", "2023", "--format", "csv")
	if code != 0 {
		t.Fatalf("kpi --year 2023: exit %d: %s", code, errOut)
	}
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("kpi --year 2023 output is not CSV: %v\n%s", err, out)
	}
	col := map[string]int{}
	for i, name := range records[0] {
		col[name] = i
	}
	for _, name := range []string{"kpi_code", "year", "actual", "target", "expected_2025", "gap", "status", "anticipated_progress", "note", "method"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("kpi output has no %s column: %v", name, records[0])
		}
	}
	// The output rounds to 2 decimals.
	num := func(s string, want float64) bool {
		if math.IsNaN(want) {
			return s == ""
		}
		v, err := strconv.ParseFloat(s, 64)
		return err == nil && math.Abs(v-want) <= 0.005+1e-9
	}
	var seen []string
	for _, r := range records[1:] {
		code := r[col["kpi_code"]]
		seen = append(seen, code)
		w, ok := wants[code]
		if !ok {
			t.Errorf("unexpected KPI %s", code)
			continue
		}
		if r[col["year"]] != "2023" || !num(r[col["actual"]], w.actual) || r[col["target"]] != w.target ||
			!num(r[col["expected_2025"]], w.expected) || !num(r[col["gap"]], w.gap) || r[col["status"]] != w.status ||
			!num(r[col["anticipated_progress"]], w.progress) || r[col["method"]] != w.method {
			t.Errorf("%s 2023:\n got  actual %s target %q expected_2025 %s gap %s status %s progress %s method %q\n want actual %.4f target %q expected_2025 %.4f gap %.4f status %s progress %.4f method %q",
				code, r[col["actual"]], r[col["target"]], r[col["expected_2025"]], r[col["gap"]], r[col["status"]], r[col["anticipated_progress"]], r[col["method"]],
				w.actual, w.target, w.expected, w.gap, w.status, w.progress, w.method)
		}
	}
	sort.Strings(seen)
	if len(seen) != len(wants) {
		t.Errorf("kpi --year 2023 shows %v, want the %d KPI targets", seen, len(wants))
	}
}
