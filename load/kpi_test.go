package load_test

import (
	"bytes"
	"context"
	"database/sql"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/load"
)

// The KPI formulas and the progress method, checked on cases computed by
// hand (the arithmetic is in the comments). Each case loads real agency
// report workbooks into a real warehouse and reads the SQL macros of
// sql/views/020_kpi.sql.

// none marks a period with no value in a row.
var none = math.NaN()

var kpiYears = []string{"2020", "2021", "2022", "2023", "2024", "2025"}

// row is one report row with values for 2020..2025 (none = empty cell).
func row(code, unit, geo string, vals ...float64) excel.ReportRow {
	r := excel.ReportRow{Code: code, Unit: unit, Geo: geo}
	for _, v := range vals {
		if math.IsNaN(v) {
			r.Values = append(r.Values, nil)
		} else {
			r.Values = append(r.Values, v)
		}
	}
	for len(r.Values) < len(kpiYears) {
		r.Values = append(r.Values, nil)
	}
	return r
}

// loadReport loads one agency report with the given vintage (report date);
// a payload that fails as a whole fails the test, rejected rows do not.
func loadReport(t *testing.T, w *load.Warehouse, name string, vintage time.Time, periods []string, rows ...excel.ReportRow) *load.Staged {
	t.Helper()
	var buf bytes.Buffer
	err := excel.WriteReport(&buf, excel.Report{Agency: "Sở Khoa học và Công nghệ", Date: vintage, Periods: periods, Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	p := extract.NewPayload(name, name+".xlsx", buf.Bytes(), vintage.Add(24*time.Hour))
	run, err := w.BeginRun(context.Background(), "test", "")
	if err != nil {
		t.Fatal(err)
	}
	st := stage(t, w, run, p)
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	if _, err := run.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

var (
	v2023 = time.Date(2023, 11, 25, 0, 0, 0, 0, time.UTC)
	v2024 = time.Date(2024, 11, 25, 0, 0, 0, 0, time.UTC)
	never = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

type statusRow struct {
	actual, ratio, expected, gap, csi, required sql.NullFloat64
	status, method                              string
}

func kpiStatus(t *testing.T, w *load.Warehouse, asOf time.Time, kpi string, year int) statusRow {
	t.Helper()
	var r statusRow
	err := w.DB().QueryRow(`SELECT actual, progress_ratio, expected_2025, gap, csi, required_avg, status, method
		FROM kpi_status_as_of(?) WHERE kpi_code = ? AND year = ?`, asOf, kpi, year).
		Scan(&r.actual, &r.ratio, &r.expected, &r.gap, &r.csi, &r.required, &r.status, &r.method)
	if err != nil {
		t.Fatalf("kpi_status %s %d: %v", kpi, year, err)
	}
	return r
}

// near compares with a tolerance of 1e-3 in the KPI's unit; want NaN means NULL.
func near(got sql.NullFloat64, want float64) bool {
	if math.IsNaN(want) {
		return !got.Valid
	}
	return got.Valid && math.Abs(got.Float64-want) < 1e-3
}

// TestTFPGrowthAccounting: g_TFP = g_Y − α·g_K − (1−α)·g_L, share = g_TFP/g_Y.
func TestTFPGrowthAccounting(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	// 2020→2021: Y 1000→1060 (g_Y = 6 %), K 2000→2160 (g_K = 8 %),
	//            L 500→505 (g_L = 1 %), α = 0.4 (the default parameter):
	//   g_TFP = 6 − 0.4·8 − 0.6·1 = 6 − 3.2 − 0.6 = 2.2; share = 2.2/6 = 36.667 %.
	// 2021→2022: Y 1060→1113 (5 %), K 2160→2246.4 (4 %), L 505→505 (0 %),
	//            CAPITAL_SHARE published for 2022 = 50 % overrides α:
	//   g_TFP = 5 − 0.5·4 − 0.5·0 = 3; share = 3/5 = 60 %.
	// Period 2021–2022: mean g_TFP = (2.2+3)/2 = 2.6, mean g_Y = (6+5)/2 = 5.5,
	//   share_period = 2.6/5.5 = 47.273 %; share_mean = (36.667+60)/2 = 48.333 %.
	loadReport(t, w, "skhdt", v2024, kpiYears,
		row("GRDP_CONST", "tỷ đồng", "", 1000, 1060, 1113),
		row("CAPITAL_STOCK", "tỷ đồng", "", 2000, 2160, 2246.4),
		row("EMPLOYED", "nghìn người", "", 500, 505, 505),
		row("CAPITAL_SHARE", "%", "", none, none, 50))

	type acc struct {
		gY, gK, gL, alpha, gTFP, share float64
		shareMean, sharePeriod         float64
		alphaSource                    string
	}
	want := map[int]acc{
		2021: {6, 8, 1, 0.4, 2.2, 36.6667, 36.6667, 36.6667, "kpi_parameters.capital_share_alpha (default)"},
		2022: {5, 4, 0, 0.5, 3, 60, 48.3333, 47.2727, "published CAPITAL_SHARE skhdt/CAPITAL_SHARE"},
	}
	rows, err := w.DB().Query(`SELECT year, g_y, g_k, g_l, alpha, g_tfp, share, share_mean, share_period, alpha_source FROM tfp_accounting`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var year int
		var g acc
		if err := rows.Scan(&year, &g.gY, &g.gK, &g.gL, &g.alpha, &g.gTFP, &g.share, &g.shareMean, &g.sharePeriod, &g.alphaSource); err != nil {
			t.Fatal(err)
		}
		n++
		wa, ok := want[year]
		close := func(a, b float64) bool { return math.Abs(a-b) < 1e-3 }
		if !ok || !close(g.gY, wa.gY) || !close(g.gK, wa.gK) || !close(g.gL, wa.gL) || !close(g.alpha, wa.alpha) ||
			!close(g.gTFP, wa.gTFP) || !close(g.share, wa.share) || !close(g.shareMean, wa.shareMean) ||
			!close(g.sharePeriod, wa.sharePeriod) || g.alphaSource != wa.alphaSource {
			t.Errorf("tfp_accounting %d = %+v, want %+v", year, g, wa)
		}
	}
	rows.Close()
	if n != 2 {
		t.Errorf("%d tfp_accounting rows, want 2 (2021, 2022)", n)
	}

	// KPI 1 is derived from the accounting when not reported, and its
	// status uses the mean of the yearly shares (arithmetic average target):
	// 2022: A = 48.333, k = 2 years, m = 3 left, n = 5; the remaining years
	// need r = (5·50 − 2·48.333)/3 = 51.111; ratio = 48.333/51.111 = 0.9457
	// < 0.95 → at_risk. Expected 2025: the yearly shares on their line
	// (slope 23.333/year) give 83.333, 106.667, 130 for 2023–2025, so the
	// period average is (96.667 + 320)/5 = 83.333.
	r := kpiStatus(t, w, never, "KPI1_TFP_SHARE", 2022)
	if !near(r.actual, 48.3333) || !near(r.required, 51.1111) || !near(r.ratio, 0.945652) || !near(r.expected, 83.3333) ||
		!near(r.gap, 50-48.3333) || r.status != "at_risk" || !strings.HasPrefix(r.method, "derived: growth accounting") {
		t.Errorf("KPI1 2022 = %+v", r)
	}
	if !strings.Contains(kpiStatus(t, w, never, "KPI1_TFP_SHARE", 2021).method, "α = 0.4 (kpi_parameters") {
		t.Errorf("KPI1 2021 method does not record α and its source")
	}

	// KPI 2 from the same series: productivity Y/L grows
	// 2021: (1060/505)/(1000/500) − 1 = 1.06/1.01 − 1 = 4.9505 %,
	// 2022: (1113/505)/(1060/505) − 1 = 5 %.
	// Average to 2022 (geometric): √(1.049505·1.05) − 1 = 4.9752 % < 7.0, so
	// x* = 7.0 and r = (1.07⁵ / (1.049505·1.05))^(1/3) − 1 = 8.3715 %;
	// ratio = 4.9752/8.3715 = 0.5943 → at_risk.
	r = kpiStatus(t, w, never, "KPI2_LABOUR_PROD_GROWTH", 2021)
	if !near(r.actual, 4.9505) || r.method != "derived: GRDP_CONST / EMPLOYED, year on year" {
		t.Errorf("KPI2 2021 = %+v", r)
	}
	r = kpiStatus(t, w, never, "KPI2_LABOUR_PROD_GROWTH", 2022)
	if !near(r.actual, 4.97524) || !near(r.required, 8.37149) || !near(r.ratio, 0.594308) || r.status != "at_risk" {
		t.Errorf("KPI2 2022 = %+v", r)
	}

	// A reported KPI 1 takes precedence; the derivation stays as a cross-check.
	loadReport(t, w, "cts", v2024, kpiYears, row("KPI1_TFP_SHARE", "%", "", none, 40))
	if r := kpiStatus(t, w, never, "KPI1_TFP_SHARE", 2021); !near(r.actual, 40) || r.method != "reported" {
		t.Errorf("KPI1 2021 with a reported value = %+v, want 40 reported", r)
	}
	if n := count(t, w, `SELECT count(*) FROM kpi_candidates WHERE kpi_code = 'KPI1_TFP_SHARE' AND year = 2021`); n != 2 {
		t.Errorf("%d KPI1 2021 candidates, want reported and derived", n)
	}
}

// TestTFPFromInvestment: without a published capital stock, K is built from
// investment by perpetual inventory; a published CAPITAL_STOCK, where it
// covers both years of a growth rate, takes precedence.
func TestTFPFromInvestment(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	// GFCF_CONST 2019..2021: 100, 110, 121 → g_I = 10 %, 10 %, mean 10 %.
	// δ = 0.05: K_2019 = 100/(0.10+0.05) = 666.667;
	//   K_2020 = 0.95·666.667 + 110 = 743.333 → g_K = 11.5 %;
	//   K_2021 = 0.95·743.333 + 121 = 827.167 → g_K = 11.2780 %.
	// Y 1000, 1050, 1102.5 (g_Y = 5 %), L flat (g_L = 0), α = 0.4:
	//   2020: g_TFP = 5 − 0.4·11.5 = 0.4 → share 8 %.
	// CAPITAL_STOCK published for 2020 and 2021 only (800 → 880, g_K = 10 %)
	// replaces the inventory for 2021: g_TFP = 5 − 0.4·10 = 1 → share 20 %.
	loadReport(t, w, "skhdt", v2024, []string{"2019", "2020", "2021"},
		row("GRDP_CONST", "tỷ đồng", "", 1000, 1050, 1102.5),
		row("EMPLOYED", "nghìn người", "", 500, 500, 500),
		row("GFCF_CONST", "tỷ đồng", "", 100, 110, 121),
		row("CAPITAL_STOCK", "tỷ đồng", "", none, 800, 880))
	for year, want := range map[int]struct {
		gK, share float64
		k         string
	}{
		2020: {11.5, 8, "K by perpetual inventory of GFCF_CONST=skhdt/GFCF_CONST (δ = 0.05)"},
		2021: {10, 20, "CAPITAL_STOCK=skhdt/CAPITAL_STOCK"},
	} {
		var gK, share float64
		var used string
		if err := w.DB().QueryRow(`SELECT g_k, share, series_used FROM tfp_accounting WHERE year = ?`, year).Scan(&gK, &share, &used); err != nil {
			t.Fatalf("tfp_accounting %d: %v", year, err)
		}
		if math.Abs(gK-want.gK) > 1e-6 || math.Abs(share-want.share) > 1e-6 || !strings.Contains(used, want.k) {
			t.Errorf("tfp_accounting %d: g_K %v share %v (%s), want %v %v (%s)", year, gK, share, used, want.gK, want.share, want.k)
		}
	}
	// Without the published stock, 2021 comes from the inventory too:
	// g_K = 827.167/743.333 − 1 = 11.2780 %, g_TFP = 5 − 0.4·11.2780 = 0.4888,
	// share 9.776 %.
	w2 := mustOpenWarehouse(t, "")
	loadReport(t, w2, "skhdt", v2024, []string{"2019", "2020", "2021"},
		row("GRDP_CONST", "tỷ đồng", "", 1000, 1050, 1102.5),
		row("EMPLOYED", "nghìn người", "", 500, 500, 500),
		row("GFCF_CONST", "tỷ đồng", "", 100, 110, 121))
	var share float64
	if err := w2.DB().QueryRow(`SELECT share FROM tfp_accounting WHERE year = 2021`).Scan(&share); err != nil || math.Abs(share-9.7758) > 1e-3 {
		t.Errorf("tfp_accounting 2021 from investment only: share %v (%v), want 9.776", share, err)
	}
}

// TestDerivedShares: KPI 3–6 from numerator and denominator series, and the
// ranks of KPI 7 among provinces.
func TestDerivedShares(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	loadReport(t, w, "inputs", v2024, kpiYears,
		// 2021: 660/1200 = 55 %
		row("HITECH_AGRI_OUTPUT", "tỷ đồng", "", none, 660),
		row("AGRI_OUTPUT", "tỷ đồng", "", none, 1200),
		// 2021: 250/1000 = 25 %
		row("DIGITAL_ECON_VA", "tỷ đồng", "", none, 250),
		row("GRDP_CURRENT", "tỷ đồng", "", none, 1000),
		// 2021: 30/80 = 37.5 %
		row("ENTERPRISES_INNOVATING", "doanh nghiệp", "", none, 30),
		row("ENTERPRISES_SURVEYED", "doanh nghiệp", "", none, 80),
		// 2021: 45/150 = 30 %; 2022 denominator 0 → no value, not a division by zero
		row("OCOP_IP_SUPPORTED", "sản phẩm", "", none, 45, 60),
		row("OCOP_PRODUCTS", "sản phẩm", "", none, 150, 0),
		// publications 2021: HCM 100 > Hà Nội 95 > Đà Nẵng 10 → rank 2 of 3
		// patents 2020→2021: Hà Nội 100→120 (+20 %), HCM 200→220 (+10 %),
		// Đà Nẵng 10→15 (+50 %) → Hà Nội's growth ranks 2 of 3
		row("INTL_PUBLICATIONS", "bài", "Hà Nội", none, 95),
		row("INTL_PUBLICATIONS", "bài", "TP. Hồ Chí Minh", none, 100),
		row("INTL_PUBLICATIONS", "bài", "Đà Nẵng", none, 10),
		row("PATENT_APPS", "đơn", "Hà Nội", 100, 120),
		row("PATENT_APPS", "đơn", "TP. Hồ Chí Minh", 200, 220),
		row("PATENT_APPS", "đơn", "Đà Nẵng", 10, 15))
	for kpi, want := range map[string]struct {
		value  float64
		method string
	}{
		"KPI3_HITECH_AGRI_SHARE":    {55, "derived: HITECH_AGRI_OUTPUT / AGRI_OUTPUT × 100"},
		"KPI4_DIGITAL_ECON_SHARE":   {25, "derived: DIGITAL_ECON_VA / GRDP_CURRENT × 100"},
		"KPI5_INNOVATING_ENT_SHARE": {37.5, "derived: ENTERPRISES_INNOVATING / ENTERPRISES_SURVEYED × 100"},
		"KPI6_OCOP_IP_SHARE":        {30, "derived: OCOP_IP_SUPPORTED / OCOP_PRODUCTS × 100"},
		"KPI7A_PUBLICATIONS_RANK":   {2, "derived: rank of Hà Nội by INTL_PUBLICATIONS among 3 provinces"},
		"KPI7B_PATENT_GROWTH_RANK":  {2, "derived: rank of Hà Nội by growth of PATENT_APPS among 3 provinces"},
	} {
		r := kpiStatus(t, w, never, kpi, 2021)
		if !near(r.actual, want.value) || r.method != want.method {
			t.Errorf("%s 2021 = %v (%s), want %v (%s)", kpi, r.actual, r.method, want.value, want.method)
		}
	}
	if r := kpiStatus(t, w, never, "KPI6_OCOP_IP_SHARE", 2022); r.actual.Valid || r.status != "no_data" {
		t.Errorf("KPI6 2022 with a zero denominator = %+v, want no_data", r)
	}
}

// TestProgressStatus pins the ESCAP-based status for each comparator.
func TestProgressStatus(t *testing.T) {
	type check struct {
		kpi      string
		year     int
		actual   float64
		ratio    float64 // NaN: NULL
		expected float64
		status   string
	}
	nan := math.NaN()
	cases := []struct {
		name   string
		rows   []excel.ReportRow
		checks []check
	}{
		{
			// gt 70 by 2025, B = 40 in 2020. CAGR required = (70/40)^(1/5) − 1 = 11.8427 %.
			name: "level gt",
			rows: []excel.ReportRow{row("KPI3_HITECH_AGRI_SHARE", "%", "", 40, 44, 50, 45, 72)},
			checks: []check{
				// 2020 is the baseline: no pace to measure, not met → at_risk.
				{"KPI3_HITECH_AGRI_SHARE", 2020, 40, nan, 40, "at_risk"},
				// 2021: CAGR 44/40 − 1 = 10 %; ratio 10/11.8427 = 0.8444 → at_risk;
				// expected 44·1.1⁴ = 64.4204.
				{"KPI3_HITECH_AGRI_SHARE", 2021, 44, 0.844403, 64.4204, "at_risk"},
				// 2022: CAGR (50/40)^(1/2) − 1 = 11.8034 %; ratio 0.99668 → on_track;
				// expected 50·1.118034³ = 69.8771.
				{"KPI3_HITECH_AGRI_SHARE", 2022, 50, 0.996682, 69.8771, "on_track"},
				// 2023: CAGR (45/40)^(1/3) − 1 = 4.0042 %; ratio 0.33811 → off_track.
				{"KPI3_HITECH_AGRI_SHARE", 2023, 45, 0.338115, 48.6759, "off_track"},
				// 2024: 72 > 70 → achieved (a level target already met).
				{"KPI3_HITECH_AGRI_SHARE", 2024, 72, nan, nan, "achieved"},
				{"KPI3_HITECH_AGRI_SHARE", 2025, nan, nan, nan, "no_data"},
			},
		},
		{
			// ≈ 30 ± 2: B = 20 is below the band, so x* = 28;
			// CAGR required (28/20)^(1/5) − 1 = 6.9610 %.
			name: "level approx",
			rows: []excel.ReportRow{row("KPI4_DIGITAL_ECON_SHARE", "%", "", 20, none, 25, 29, 33)},
			checks: []check{
				// 2022: CAGR (25/20)^(1/2) − 1 = 11.8034 %; ratio 1.6956 → on_track;
				// expected 25·1.118034³ = 34.9386.
				{"KPI4_DIGITAL_ECON_SHARE", 2022, 25, 1.695638, 34.9386, "on_track"},
				// 2023: 29 is inside 28–32 → achieved.
				{"KPI4_DIGITAL_ECON_SHARE", 2023, 29, nan, nan, "achieved"},
				// 2024: 33 overshoots the band from below: not "about 30" → at_risk.
				{"KPI4_DIGITAL_ECON_SHARE", 2024, 33, nan, nan, "at_risk"},
			},
		},
		{
			// ≥ 40: B = 10. CAGR required 4^(1/5) − 1 = 31.951 %.
			name: "level ge",
			rows: []excel.ReportRow{row("KPI6_OCOP_IP_SHARE", "%", "", 10, 18, 40)},
			checks: []check{
				// 2021: CAGR 80 %; ratio 80/31.951 = 2.5039 → on_track;
				// expected 18·1.8⁴ = 188.96, clamped to the plausible maximum 100.
				{"KPI6_OCOP_IP_SHARE", 2021, 18, 2.503850, 100, "on_track"},
				// 2022: 40 ≥ 40 → achieved.
				{"KPI6_OCOP_IP_SHARE", 2022, 40, nan, nan, "achieved"},
			},
		},
		{
			// > 50 met at the 2020 baseline (52), lost in 2021 (48): moving away.
			name: "level regress",
			rows: []excel.ReportRow{row("KPI5_INNOVATING_ENT_SHARE", "%", "", 52, 48)},
			checks: []check{
				{"KPI5_INNOVATING_ENT_SHARE", 2020, 52, nan, 52, "achieved"},
				{"KPI5_INNOVATING_ENT_SHARE", 2021, 48, nan, nan, "off_track"},
			},
		},
		{
			// rank ≤ 1, reported: B = 4 in 2020, 3 in 2022. Linear pace:
			// actual (3 − 4)/2 = −0.5 a year, required (1 − 4)/5 = −0.6 a year;
			// ratio 0.8333 → at_risk; expected 3 − 0.5·3 = 1.5.
			name: "rank",
			rows: []excel.ReportRow{row("KPI7A_PUBLICATIONS_RANK", "hạng", "", 4, none, 3, 4)},
			checks: []check{
				{"KPI7A_PUBLICATIONS_RANK", 2022, 3, 0.833333, 1.5, "at_risk"},
				// 2023: back to 4 → pace 0 → ratio 0 → off_track; expected stays 4.
				{"KPI7A_PUBLICATIONS_RANK", 2023, 4, 0, 4, "off_track"},
			},
		},
		{
			// between 7.0–7.5 as a geometric annual average.
			name: "average between above",
			rows: []excel.ReportRow{row("KPI2_LABOUR_PROD_GROWTH", "%", "", none, 9, 8)},
			checks: []check{
				// 2022: A = √(1.09·1.08) − 1 = 8.4988 % > 7.5, so x* = 7.5;
				// r = (1.075⁵/(1.09·1.08))^(1/3) − 1 = 6.8392 %; ratio r/A = 0.8047 → at_risk.
				{"KPI2_LABOUR_PROD_GROWTH", 2022, 8.498848, 0.804723, nan, "at_risk"},
			},
		},
		{
			name: "average between inside",
			rows: []excel.ReportRow{row("KPI2_LABOUR_PROD_GROWTH", "%", "", none, 7.2)},
			checks: []check{
				// 2021: A = 7.2 inside the band, x* = 7.0;
				// r = (1.07⁵/1.072)^(1/4) − 1 = 6.9501 %; ratio 7.2/6.9501 = 1.0360 → on_track.
				{"KPI2_LABOUR_PROD_GROWTH", 2021, 7.2, 1.035963, 7.2, "on_track"},
			},
		},
		{
			name: "average between low",
			rows: []excel.ReportRow{row("KPI2_LABOUR_PROD_GROWTH", "%", "", 6, 2)},
			checks: []check{
				// 2020 is the baseline of an average target: no average yet.
				{"KPI2_LABOUR_PROD_GROWTH", 2020, nan, nan, nan, "no_data"},
				// 2021: A = 2; r = (1.07⁵/1.02)^(1/4) − 1 = 8.2878 %; ratio 0.2413 → off_track.
				{"KPI2_LABOUR_PROD_GROWTH", 2021, 2, 0.241317, 2, "off_track"},
			},
		},
		{
			// > 50 as an arithmetic average of 2021–2025.
			name: "average gt",
			rows: []excel.ReportRow{row("KPI1_TFP_SHARE", "%", "", none, 52, 48, 55, 50, 51)},
			checks: []check{
				// 2024: A = (52+48+55+50)/4 = 51.25; r = (5·50 − 4·51.25)/1 = 45;
				// ratio 51.25/45 = 1.1389 → on_track. Expected: the least-squares
				// line through (2021,52),(2022,48),(2023,55),(2024,50): mean year
				// 2022.5, mean 51.25, slope Σdx·dy/Σdx² = (−1.125+1.625+1.875−1.875)/5
				// = 0.1, so 2025 is 51.25 + 0.1·2.5 = 51.5 and the period average
				// (205 + 51.5)/5 = 51.3.
				{"KPI1_TFP_SHARE", 2024, 51.25, 1.138889, 51.3, "on_track"},
				// 2025: A = (52+48+55+50+51)/5 = 51.2 > 50 → achieved.
				{"KPI1_TFP_SHARE", 2025, 51.2, nan, 51.2, "achieved"},
			},
		},
		{
			name: "average secured and missed",
			rows: []excel.ReportRow{row("KPI1_TFP_SHARE", "%", "", none, 260, none, none, none, none)},
			checks: []check{
				// 2021: A = 260; r = (5·50 − 260)/4 = −2.5 ≤ 0: the target is
				// secured whatever follows → on_track (not achieved before 2025).
				{"KPI1_TFP_SHARE", 2021, 260, nan, 260, "on_track"},
			},
		},
		{
			name: "average missed at the horizon",
			rows: []excel.ReportRow{row("KPI1_TFP_SHARE", "%", "", none, 40, 45, 50, 45, 45)},
			checks: []check{
				// 2025: A = (40+45+50+45+45)/5 = 45 ≤ 50 → off_track.
				{"KPI1_TFP_SHARE", 2025, 45, nan, 45, "off_track"},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := mustOpenWarehouse(t, "")
			loadReport(t, w, "r", v2024, kpiYears, tc.rows...)
			for _, c := range tc.checks {
				r := kpiStatus(t, w, never, c.kpi, c.year)
				if !near(r.actual, c.actual) || r.status != c.status ||
					(!math.IsNaN(c.ratio) || c.status != "achieved") && !near(r.ratio, c.ratio) ||
					!math.IsNaN(c.expected) && !near(r.expected, c.expected) {
					t.Errorf("%s %d: actual %v ratio %v expected_2025 %v status %s; want %v %v %v %s",
						c.kpi, c.year, r.actual, r.ratio, r.expected, r.status, c.actual, c.ratio, c.expected, c.status)
				}
			}
		})
	}
}

// TestVintagesAsOf: a revised report does not overwrite the first one; the
// 2023 mid-term review can be reproduced with as-of 2023-11-30.
func TestVintagesAsOf(t *testing.T) {
	ctx := context.Background()
	w := mustOpenWarehouse(t, "")
	// First report, dated 25/11/2023: KPI 5 was 44 % in 2022.
	loadReport(t, w, "skhcn-2023", v2023, []string{"2020", "2022"}, row("KPI5_INNOVATING_ENT_SHARE", "%", "", 38, 44))
	// Revised report, dated 25/11/2024: 2022 revised to 46 %, 2023 added.
	loadReport(t, w, "skhcn-2024", v2024, []string{"2022", "2023"}, row("KPI5_INNOVATING_ENT_SHARE", "%", "", 46, 47))

	if n := count(t, w, `SELECT count(*) FROM observations WHERE indicator_code = 'KPI5_INNOVATING_ENT_SHARE' AND year(period_start) = 2022`); n != 2 {
		t.Fatalf("%d vintages of the 2022 value kept, want 2", n)
	}
	midTerm := time.Date(2023, 11, 30, 23, 59, 59, 0, time.UTC)
	if r := kpiStatus(t, w, midTerm, "KPI5_INNOVATING_ENT_SHARE", 2022); !near(r.actual, 44) {
		t.Errorf("as of 2023-11-30: 2022 = %v, want 44 (the first vintage)", r.actual)
	}
	if r := kpiStatus(t, w, midTerm, "KPI5_INNOVATING_ENT_SHARE", 2023); r.status != "no_data" {
		t.Errorf("as of 2023-11-30: 2023 = %+v, want no_data (not yet reported)", r)
	}
	var latest float64
	if err := w.DB().QueryRow(`SELECT actual FROM kpi_status WHERE kpi_code = 'KPI5_INNOVATING_ENT_SHARE' AND year = 2022`).Scan(&latest); err != nil || latest != 46 {
		t.Errorf("kpi_status 2022 = %v (%v), want 46 (the revision)", latest, err)
	}
	// Before the first report nothing was known.
	if n := count(t, w, `SELECT count(*) FROM kpi_values_as_of(TIMESTAMP '2023-11-24')`); n != 0 {
		t.Errorf("%d KPI values known before the first report", n)
	}

	// The report 'chitieu kpi' prints, with and without AsOf.
	for _, c := range []struct {
		asOf time.Time
		want float64
	}{{midTerm, 44}, {time.Time{}, 46}} {
		rows, err := w.KPIStatus(ctx, load.KPIQuery{Year: 2022, AsOf: c.asOf})
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		found := false
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			rec := map[string]any{}
			for i, c := range cols {
				rec[c] = vals[i]
			}
			if rec["kpi_code"] == "KPI5_INNOVATING_ENT_SHARE" {
				found = true
				if rec["actual"] != c.want {
					t.Errorf("KPIStatus as of %v: actual %v, want %v", c.asOf, rec["actual"], c.want)
				}
			}
		}
		rows.Close()
		if !found {
			t.Errorf("KPIStatus as of %v: no KPI5 row", c.asOf)
		}
	}
}

// TestPeriodKindRejected: a KPI defined only for whole years, reported for
// a half year, goes to rejected_rows with the reason.
func TestPeriodKindRejected(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	st := loadReport(t, w, "half", v2024, []string{"2023", "6 tháng đầu năm 2024"},
		row("KPI1_TFP_SHARE", "%", "", 48, 49),
		row("KPI5_INNOVATING_ENT_SHARE", "%", "", 47, 49))
	if st.Stats.Rejected != 1 {
		t.Errorf("%d rows rejected, want 1", st.Stats.Rejected)
	}
	if n := count(t, w, `SELECT count(*) FROM observations`); n != 3 {
		t.Errorf("%d observations, want 3 (the half-year TFP share rejected)", n)
	}
	var reason string
	if err := w.DB().QueryRow(`SELECT reason FROM rejected_rows`).Scan(&reason); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(reason, "KPI1_TFP_SHARE takes only year values") || !strings.Contains(reason, "half") {
		t.Errorf("reason %q", reason)
	}
}
