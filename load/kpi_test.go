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
	return loadPayload(t, w, extract.NewPayload(name, name+".xlsx", buf.Bytes(), vintage.Add(24*time.Hour)))
}

// loadPayload loads one payload in a run of its own; a payload that fails
// as a whole fails the test.
func loadPayload(t *testing.T, w *load.Warehouse, p extract.Payload) *load.Staged {
	t.Helper()
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
	actual, ratio, expected, gap, csi, required, progress sql.NullFloat64
	status, method, note                                  string
}

func kpiStatus(t *testing.T, w *load.Warehouse, asOf time.Time, kpi string, year int) statusRow {
	t.Helper()
	var r statusRow
	err := w.DB().QueryRow(`SELECT actual, progress_ratio, expected_2025, gap, csi, required_avg, anticipated_progress,
		status, method, coalesce(note, '')
		FROM kpi_status_as_of(?) WHERE kpi_code = ? AND year = ?`, asOf, kpi, year).
		Scan(&r.actual, &r.ratio, &r.expected, &r.gap, &r.csi, &r.required, &r.progress, &r.status, &r.method, &r.note)
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

// TestTFPGrowthAccounting: g_TFP = g_Y − α·g_K − (1−α)·g_L, share = g_TFP/g_Y,
// and TFP's share of the period's growth Σ g_TFP / Σ g_Y. The values start
// in 2021: the 2020→2021 step of EMPLOYED crosses GSO's change of the
// employment count (TestBreakInPlanPeriod).
func TestTFPGrowthAccounting(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	// 2021→2022: Y 1000→1060 (g_Y = 6 %), K 2000→2160 (g_K = 8 %),
	//            L 500→505 (g_L = 1 %); no CAPITAL_SHARE and no labour share
	//            for Hà Nội or Viet Nam in 2022, so α = 0.522 (the default):
	//   g_TFP = 6 − 0.522·8 − 0.478·1 = 6 − 4.176 − 0.478 = 1.346; share 22.4333 %.
	// 2022→2023: Y 1060→1113 (5 %), K 2160→2246.4 (4 %), L 505→505 (0 %),
	//            CAPITAL_SHARE published for 2023 = 50 % overrides α:
	//   g_TFP = 5 − 0.5·4 − 0.5·0 = 3; share = 3/5 = 60 %.
	// Period 2021–2023: share_period = Σ g_TFP / Σ g_Y = 4.346/11 = 39.5091 %;
	// share_mean = (22.4333 + 60)/2 = 41.2167 % (not what the status uses).
	loadReport(t, w, "skhdt", v2024, kpiYears,
		row("GRDP_CONST", "tỷ đồng", "", none, 1000, 1060, 1113),
		row("CAPITAL_STOCK", "tỷ đồng", "", none, 2000, 2160, 2246.4),
		row("EMPLOYED", "nghìn người", "", none, 500, 505, 505),
		row("CAPITAL_SHARE", "%", "", none, none, none, 50))

	type acc struct {
		gY, gK, gL, alpha, gTFP, share float64
		shareMean, sharePeriod         float64
		alphaSource                    string
	}
	want := map[int]acc{
		2022: {6, 8, 1, 0.522, 1.346, 22.4333, 22.4333, 22.4333, "kpi_parameters.capital_share_alpha (default: ILOSTAT SDG indicator 10.4.1"},
		2023: {5, 4, 0, 0.5, 3, 60, 41.2167, 39.5091, "published CAPITAL_SHARE skhdt/CAPITAL_SHARE"},
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
			!close(g.sharePeriod, wa.sharePeriod) || !strings.HasPrefix(g.alphaSource, wa.alphaSource) {
			t.Errorf("tfp_accounting %d = %+v, want %+v", year, g, wa)
		}
	}
	rows.Close()
	if n != 2 {
		t.Errorf("%d tfp_accounting rows, want 2 (2022, 2023)", n)
	}

	// KPI 1 is derived from the accounting when not reported, and its
	// status uses TFP's share of the period's growth: 2023: A = 39.5091,
	// k = 2, m = 2; two values, no trend: the remaining years stay at A,
	// expected 39.5091 ≤ 50, progress 39.5091/50 = 0.79018 → at_risk.
	// required_avg = (4·50 − 2·39.5091)/2 = 60.4909; ratio A/r = 0.65314.
	// The method says that α varies within the period.
	r := kpiStatus(t, w, never, "KPI1_TFP_SHARE", 2023)
	if !near(r.actual, 39.509091) || !near(r.required, 60.490909) || !near(r.ratio, 0.653141) || !near(r.expected, 39.509091) ||
		!near(r.progress, 0.790182) || !near(r.gap, 50-39.509091) || r.status != "at_risk" ||
		!strings.HasPrefix(r.method, "derived: growth accounting") || !strings.Contains(r.method, "α varies within 2021–2023: 0.5 to 0.522") {
		t.Errorf("KPI1 2023 = %+v", r)
	}
	if !strings.Contains(kpiStatus(t, w, never, "KPI1_TFP_SHARE", 2022).method, "α = 0.522 (kpi_parameters") {
		t.Errorf("KPI1 2022 method does not record α and its source")
	}

	// KPI 2 from the same series: productivity Y/L grows
	// 2022: 1.06/1.01 − 1 = 4.9505 %, 2023: (1113/505)/(1060/505) − 1 = 5 %.
	// Average to 2023 (geometric): √(1.049505·1.05) − 1 = 4.9752 % < 7.0;
	// r = (1.07⁴ / (1.049505·1.05))^(1/2) − 1 = 9.0638 %; ratio 0.54891;
	// expected 4.9752 (no trend from two values), progress 0.71075 → at_risk.
	r = kpiStatus(t, w, never, "KPI2_LABOUR_PROD_GROWTH", 2022)
	if !near(r.actual, 4.9505) || r.method != "derived: (1 + GRDP_CONST growth) / (EMPLOYED_t / EMPLOYED_t−1) − 1" {
		t.Errorf("KPI2 2022 = %+v", r)
	}
	r = kpiStatus(t, w, never, "KPI2_LABOUR_PROD_GROWTH", 2023)
	if !near(r.actual, 4.975245) || !near(r.required, 9.063809) || !near(r.ratio, 4.975245/9.063809) ||
		!near(r.progress, 4.975245/7) || r.status != "at_risk" {
		t.Errorf("KPI2 2023 = %+v", r)
	}

	// A reported KPI 1 takes precedence; the derivation stays as a cross-check.
	loadReport(t, w, "cts", v2024, kpiYears, row("KPI1_TFP_SHARE", "%", "", none, none, 40))
	if r := kpiStatus(t, w, never, "KPI1_TFP_SHARE", 2022); !near(r.actual, 40) || r.method != "reported" {
		t.Errorf("KPI1 2022 with a reported value = %+v, want 40 reported", r)
	}
	if n := count(t, w, `SELECT count(*) FROM kpi_candidates WHERE kpi_code = 'KPI1_TFP_SHARE' AND year = 2022`); n != 2 {
		t.Errorf("%d KPI1 2022 candidates, want reported and derived", n)
	}
}

// TestTFPRecession: a year whose output falls has no yearly TFP share (a
// share of a fall is not a contribution to growth) but counts in the
// period's share; the status and every report still work.
func TestTFPRecession(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	// α = 0.4 (CAPITAL_SHARE 40 % published).
	// 2022: g_Y 6, g_K 8, g_L 1 → g_TFP = 6 − 3.2 − 0.6 = 2.2, share 36.6667.
	// 2023: Y 1060 → 1054.7 (g_Y −0.5), K 2160 → 2311.2 (g_K 7),
	//       L 505 → 500.1015 (g_L −0.97) → g_TFP = −0.5 − 2.8 + 0.582 = −2.718;
	//       the yearly share would be +543.6 %: none is given.
	// Period 2023: Σ g_TFP / Σ g_Y = −0.518 / 5.5 = −9.41818 % (the mean of
	// the two yearly shares would have been +290 %).
	loadReport(t, w, "skhdt", v2024, kpiYears,
		row("GRDP_CONST", "tỷ đồng", "", none, 1000, 1060, 1054.7),
		row("CAPITAL_STOCK", "tỷ đồng", "", none, 2000, 2160, 2311.2),
		row("EMPLOYED", "nghìn người", "", none, 500, 505, 500.1015),
		row("CAPITAL_SHARE", "%", "", none, 40, 40, 40))
	var share sql.NullFloat64
	var note string
	if err := w.DB().QueryRow(`SELECT share, share_note FROM tfp_accounting WHERE geo_code = '01' AND year = 2023`).Scan(&share, &note); err != nil {
		t.Fatal(err)
	}
	if share.Valid || !strings.Contains(note, "g_Y ≤ 0: no yearly share") {
		t.Errorf("2023 share %v note %q, want none and the reason", share, note)
	}
	r := kpiStatus(t, w, never, "KPI1_TFP_SHARE", 2023)
	if !near(r.actual, -9.418182) || r.status != "off_track" || !strings.Contains(r.method, "no yearly share") {
		t.Errorf("KPI1 2023 = %+v, want −9.4182, off_track, the reason in method", r)
	}
}

// TestTFPFromInvestment: without a published capital stock, K is built from
// investment by perpetual inventory; a published CAPITAL_STOCK, where it
// covers both years of a growth rate, takes precedence.
func TestTFPFromInvestment(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	// GFCF_CONST 2021..2023: 100, 110, 121 → g_I = 10 %, 10 %, mean 10 %.
	// δ = 0.05: K_2021 = 100/(0.10+0.05) = 666.667;
	//   K_2022 = 0.95·666.667 + 110 = 743.333 → g_K = 11.5 %;
	//   K_2023 = 0.95·743.333 + 121 = 827.167 → g_K = 11.2780 %.
	// Y 1000, 1050, 1102.5 (g_Y = 5 %), L flat (g_L = 0), α = 0.4 (published):
	//   2022: g_TFP = 5 − 0.4·11.5 = 0.4 → share 8 %.
	// CAPITAL_STOCK published for 2022 and 2023 only (800 → 880, g_K = 10 %)
	// replaces the inventory for 2023: g_TFP = 5 − 0.4·10 = 1 → share 20 %.
	years := []string{"2021", "2022", "2023"}
	loadReport(t, w, "skhdt", v2024, years,
		row("GRDP_CONST", "tỷ đồng", "", 1000, 1050, 1102.5),
		row("EMPLOYED", "nghìn người", "", 500, 500, 500),
		row("GFCF_CONST", "tỷ đồng", "", 100, 110, 121),
		row("CAPITAL_SHARE", "%", "", 40, 40, 40),
		row("CAPITAL_STOCK", "tỷ đồng", "", none, 800, 880))
	for year, want := range map[int]struct {
		gK, share float64
		k         string
	}{
		2022: {11.5, 8, "K by perpetual inventory of GFCF_CONST=skhdt/GFCF_CONST (δ = 0.05)"},
		2023: {10, 20, "CAPITAL_STOCK=skhdt/CAPITAL_STOCK"},
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
	// Without the published stock, 2023 comes from the inventory too:
	// g_K = 827.167/743.333 − 1 = 11.2780 %, g_TFP = 5 − 0.4·11.2780 = 0.4888,
	// share 9.776 %.
	w2 := mustOpenWarehouse(t, "")
	loadReport(t, w2, "skhdt", v2024, years,
		row("GRDP_CONST", "tỷ đồng", "", 1000, 1050, 1102.5),
		row("EMPLOYED", "nghìn người", "", 500, 500, 500),
		row("CAPITAL_SHARE", "%", "", 40, 40, 40),
		row("GFCF_CONST", "tỷ đồng", "", 100, 110, 121))
	var share float64
	if err := w2.DB().QueryRow(`SELECT share FROM tfp_accounting WHERE year = 2023`).Scan(&share); err != nil || math.Abs(share-9.7758) > 1e-3 {
		t.Errorf("tfp_accounting 2023 from investment only: share %v (%v), want 9.776", share, err)
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
	} {
		r := kpiStatus(t, w, never, kpi, 2021)
		if !near(r.actual, want.value) || r.method != want.method {
			t.Errorf("%s 2021 = %v (%s), want %v (%s)", kpi, r.actual, r.method, want.value, want.method)
		}
	}
	// The ranks are computed among the 3 provinces with data, kept as
	// candidates, and not judged: a rank among 3 of 63 provinces is not a
	// national rank ("dẫn đầu cả nước").
	for kpi, method := range map[string]string{
		"KPI7A_PUBLICATIONS_RANK":  "derived: rank of Hà Nội by INTL_PUBLICATIONS among 3 of 63 provinces",
		"KPI7B_PATENT_GROWTH_RANK": "derived: rank of Hà Nội by growth of PATENT_APPS among 3 of 63 provinces",
	} {
		var v float64
		var m, excluded string
		if err := w.DB().QueryRow(`SELECT value, method, excluded FROM kpi_candidates WHERE kpi_code = ? AND year = 2021`, kpi).Scan(&v, &m, &excluded); err != nil ||
			v != 2 || m != method || !strings.HasPrefix(excluded, "partial coverage: ranked among the 3 of 63 provinces") {
			t.Errorf("%s 2021 candidate = %v %q excluded %q (%v), want 2 %q, partial coverage", kpi, v, m, excluded, err, method)
		}
		if r := kpiStatus(t, w, never, kpi, 2021); r.actual.Valid || r.status != "no_data" || !strings.Contains(r.note, "not judged: partial coverage") {
			t.Errorf("%s 2021 status = %+v, want no_data: not a national rank", kpi, r)
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
		expected float64 // NaN: not checked
		progress float64 // anticipated progress; NaN: NULL
		status   string
		note     string // a part of the note, or ""
	}
	nan := math.NaN()
	cases := []struct {
		name   string
		rows   []excel.ReportRow
		checks []check
	}{
		{
			// > 70 by 2025, more is better; B = 40 in 2020.
			name: "level gt",
			rows: []excel.ReportRow{row("KPI3_HITECH_AGRI_SHARE", "%", "", 40, 44, 50, 45, 72)},
			checks: []check{
				// One or two values: no trend, expected_2025 is the latest
				// value. With the baseline alone there is no progress to
				// measure: at_risk. With two, anticipated progress is
				// (44 − 40)/(70 − 40) = 0.13333 < 0.5: off_track.
				{"KPI3_HITECH_AGRI_SHARE", 2020, 40, 40, nan, "at_risk", "no earlier value to measure progress from"},
				{"KPI3_HITECH_AGRI_SHARE", 2021, 44, 44, 0.133333, "off_track", "fewer than three values"},
				// 2022: x = year − 2020 = 0, 1, 2; y = 40, 44, 50; w = 1, 2, 3.
				// Σw = 6, Σwx = 8, Σwy = 278, Σwx² = 14, Σwxy = 388;
				// slope = (6·388 − 8·278)/(6·14 − 8²) = 104/20 = 5.2,
				// intercept = (278 − 5.2·8)/6 = 39.4; 2025: 39.4 + 5.2·5 = 65.4 ≤ 70.
				// Anticipated progress (65.4 − 40)/(70 − 40) = 0.84667 ≥ 0.5 → at_risk.
				{"KPI3_HITECH_AGRI_SHARE", 2022, 50, 65.4, 0.846667, "at_risk", "expected 2025 65.4 misses the target"},
				// 2023: + (3, 45) with w = 4: Σw = 10, Σwx = 20, Σwy = 458,
				// Σwx² = 50, Σwxy = 928; slope = (9280 − 9160)/(500 − 400) = 1.2,
				// intercept = (458 − 24)/10 = 43.4; 2025: 49.4;
				// progress (49.4 − 40)/30 = 0.31333 < 0.5 → off_track.
				{"KPI3_HITECH_AGRI_SHARE", 2023, 45, 49.4, 0.313333, "off_track", ""},
				// 2024: 72 > 70 → achieved (a level target met).
				{"KPI3_HITECH_AGRI_SHARE", 2024, 72, nan, nan, "achieved", ""},
				{"KPI3_HITECH_AGRI_SHARE", 2025, nan, nan, nan, "no_data", ""},
			},
		},
		{
			// ≈ 30 ± 2 and more is better: met from 28, exceeded above 32.
			name: "level approx up",
			rows: []excel.ReportRow{row("KPI4_DIGITAL_ECON_SHARE", "%", "", 20, none, 25, 29, 33)},
			checks: []check{
				// 2022: two values (2020, 2022): no trend, expected 25; progress
				// (25 − 20)/(28 − 20) = 0.625 → at_risk.
				{"KPI4_DIGITAL_ECON_SHARE", 2022, 25, 25, 0.625, "at_risk", "fewer than three values"},
				{"KPI4_DIGITAL_ECON_SHARE", 2023, 29, nan, nan, "achieved", ""},
				// 33 is above the band: exceeded, not missed.
				{"KPI4_DIGITAL_ECON_SHARE", 2024, 33, nan, nan, "achieved", "exceeded: above the 28.0–32.0 band"},
			},
		},
		{
			// KPI 4 at 33 % every year: achieved (exceeded) every year, 2025 included.
			name: "level approx exceeded throughout",
			rows: []excel.ReportRow{row("KPI4_DIGITAL_ECON_SHARE", "%", "", 33, 33, 33, 33, 33, 33)},
			checks: []check{
				{"KPI4_DIGITAL_ECON_SHARE", 2021, 33, nan, nan, "achieved", "exceeded"},
				{"KPI4_DIGITAL_ECON_SHARE", 2025, 33, nan, nan, "achieved", "exceeded"},
			},
		},
		{
			// ≥ 40: B = 10.
			name: "level ge",
			rows: []excel.ReportRow{row("KPI6_OCOP_IP_SHARE", "%", "", 10, 18, 27, 40)},
			checks: []check{
				// 2022: y = 10, 18, 27, w = 1, 2, 3: Σwy = 127, Σwxy = 198;
				// slope = (6·198 − 8·127)/20 = 172/20 = 8.6, intercept = (127 − 68.8)/6
				// = 9.7; 2025: 9.7 + 43 = 52.7 ≥ 40 → on_track; progress 42.7/30 = 1.42333.
				{"KPI6_OCOP_IP_SHARE", 2022, 27, 52.7, 1.423333, "on_track", "expected 2025 52.7 meets the target"},
				{"KPI6_OCOP_IP_SHARE", 2023, 40, nan, nan, "achieved", ""},
			},
		},
		{
			// > 50 met at the 2020 baseline (52), lost in 2021 (48): moving away.
			name: "level regress",
			rows: []excel.ReportRow{row("KPI5_INNOVATING_ENT_SHARE", "%", "", 52, 48)},
			checks: []check{
				{"KPI5_INNOVATING_ENT_SHARE", 2020, 52, nan, nan, "achieved", ""},
				{"KPI5_INNOVATING_ENT_SHARE", 2021, 48, 48, nan, "off_track", ""},
			},
		},
		{
			// rank ≤ 1, less is better, reported (a published national rank):
			// 4 in 2020, 3 in 2022, 4 in 2023. 2023: x = 0, 2, 3, w = 1, 3, 4;
			// Σw = 8, Σwx = 18, Σwy = 29, Σwx² = 48, Σwxy = 66;
			// slope = (8·66 − 18·29)/(8·48 − 18²) = 6/60 = 0.1, intercept
			// = (29 − 1.8)/8 = 3.4; 2025: 3.9; progress (3.9 − 4)/(1 − 4) = 0.03333 → off_track.
			name: "rank",
			rows: []excel.ReportRow{row("KPI7A_PUBLICATIONS_RANK", "hạng", "", 4, none, 3, 4)},
			checks: []check{
				// 2022: two values: expected 3, progress (3 − 4)/(1 − 4) = 0.33333 → off_track.
				{"KPI7A_PUBLICATIONS_RANK", 2022, 3, 3, 0.333333, "off_track", "fewer than three values"},
				{"KPI7A_PUBLICATIONS_RANK", 2023, 4, 3.9, 0.033333, "off_track", ""},
			},
		},
		{
			// 7.0–7.5 % a year, more is better: 8 % every year is exceeded, not failed.
			// 2022: A = 8 (geometric mean of 8, 8); two values, so the remaining
			// years stay at the average to date: expected 8 ≥ 7.0 → on_track.
			name: "average band exceeded",
			rows: []excel.ReportRow{row("KPI2_LABOUR_PROD_GROWTH", "%", "", none, 8, 8, 8, 8, 8)},
			checks: []check{
				{"KPI2_LABOUR_PROD_GROWTH", 2022, 8, 8, 8.0 / 7, "on_track", "meets"},
				{"KPI2_LABOUR_PROD_GROWTH", 2025, 8, 8, nan, "achieved", "exceeded: above the 7.0–7.5 band"},
			},
		},
		{
			// A value that stopped every KPI: 5 then −40 % (inside −50..100).
			// 2022: A = (1.05·0.60)^(1/2) − 1 = −20.62718 %; two values, so the
			// remaining years stay at A: expected −20.62718; progress
			// −20.62718/7 = −2.94674 → off_track. No logarithm of a value ≤ 0 is taken.
			name: "average collapse",
			rows: []excel.ReportRow{row("KPI2_LABOUR_PROD_GROWTH", "%", "", none, 5, -40)},
			checks: []check{
				{"KPI2_LABOUR_PROD_GROWTH", 2022, -20.627179, -20.627179, -2.946740, "off_track", ""},
			},
		},
		{
			// > 50 as TFP's share of the period's growth. No GRDP is loaded, so
			// the yearly shares cannot be weighted by growth: the mean of the
			// yearly shares, and the method says why.
			// 2024: A = (52+48+55+50)/4 = 51.25; trend x = 1..4, w = 1..4:
			// Σw = 10, Σwx = 30, Σwy = 513, Σwx² = 100, Σwxy = 1539; slope
			// (15390 − 15390)/100 = 0, intercept 51.3: 2025 at 51.3, expected
			// (205 + 51.3)/5 = 51.26 > 50 → on_track.
			name: "average share unweighted",
			rows: []excel.ReportRow{row("KPI1_TFP_SHARE", "%", "", none, 52, 48, 55, 50, 51)},
			checks: []check{
				{"KPI1_TFP_SHARE", 2024, 51.25, 51.26, 1.0252, "on_track", ""},
				// 2025: A = 256/5 = 51.2 > 50 → achieved.
				{"KPI1_TFP_SHARE", 2025, 51.2, 51.2, nan, "achieved", ""},
			},
		},
		{
			// A recession year: GRDP 1000, 1050, 1039.5, 1091.475 (g_Y = 5, −1, 5 %)
			// and reported shares 40, −150, 60. g_TFP = share·g_Y/100 = 2, 1.5, 3.
			// 2023: A = 100·Σg_TFP/Σg_Y = 100·6.5/9 = 72.2222 (GSO's period share;
			// the mean of the shares would be −16.67). g_Y and g_TFP each on
			// its line, x = 1, 2, 3, w = 1, 2, 3 (Σw = 6, Σwx = 14, Σwx² = 36):
			// g_Y: Σwg = 18, Σwxg = 46 → slope (276 − 252)/20 = 1.2, intercept
			// (18 − 16.8)/6 = 0.2: 2024 at 5.0, 2025 at 6.2; g_TFP: Σwt = 14,
			// Σwxt = 35 → slope 0.7, intercept 0.7: 3.5 and 4.2.
			// expected = 100·(6.5 + 7.7)/(9 + 11.2) = 70.2970 → on_track;
			// progress 70.2970/50 = 1.40594.
			name: "average share weighted by growth",
			rows: []excel.ReportRow{
				row("GRDP_CONST", "tỷ đồng", "", 1000, 1050, 1039.5, 1091.475),
				row("KPI1_TFP_SHARE", "%", "", none, 40, -150, 60)},
			checks: []check{
				// 2022: A = 100·(2 + 1.5)/(5 − 1) = 87.5; two years, so the remaining
				// three stay at the means to date (g_Y 2, g_TFP 1.75): expected
				// 100·(3.5 + 3·1.75)/(4 + 3·2) = 87.5 → on_track, progress 1.75.
				{"KPI1_TFP_SHARE", 2022, 87.5, 87.5, 1.75, "on_track", ""},
				{"KPI1_TFP_SHARE", 2023, 72.222222, 70.297030, 1.405941, "on_track", ""},
			},
		},
		{
			// Met now, falling: 60, 55, 52 for "> 50". x = 0, 1, 2, w = 1, 2, 3:
			// Σwy = 60 + 110 + 156 = 326, Σwxy = 110 + 312 = 422; slope
			// (6·422 − 8·326)/20 = −3.8, intercept (326 + 30.4)/6 = 59.4: 2025 at
			// 40.4. The year's value meets the target (achieved), and the note
			// says the trend falls short.
			name: "level met but falling",
			rows: []excel.ReportRow{row("KPI5_INNOVATING_ENT_SHARE", "%", "", 60, 55, 52)},
			checks: []check{
				{"KPI5_INNOVATING_ENT_SHARE", 2022, 52, 40.4, nan, "achieved", "met now, but the trend falls short by 2025 (expected 40.4)"},
			},
		},
		{
			// The baseline on a strict bound, moving away: 50, 45, 40 for "> 50".
			// No progress at all (x* = B): anticipated progress 0 → off_track.
			name: "level from a strict bound",
			rows: []excel.ReportRow{row("KPI5_INNOVATING_ENT_SHARE", "%", "", 50, 45, 40)},
			checks: []check{
				{"KPI5_INNOVATING_ENT_SHARE", 2022, 40, 25, 0, "off_track", ""},
			},
		},
		{
			// A year of small growth with a huge share does not steer the
			// projection. GRDP 1000, 1005, 1094.3445, 1162.9599 (g_Y 0.5, 8.89,
			// 6.27 %), shares 120, 40, 45 → g_TFP 0.6, 3.556, 2.8215.
			// 2023: A = 100·6.9775/15.66 = 44.5562. g_Y and g_TFP each on its
			// line (x = 1, 2, 3, w = 1, 2, 3; Σw = 6, Σwx = 14, Σwx² = 36):
			// g_Y: Σwg = 37.09, Σwxg = 92.49 → slope (554.94 − 519.26)/20 =
			// 1.784, intercept (37.09 − 24.976)/6 = 2.019; 2024 + 2025 = 20.094.
			// g_TFP: Σwt = 16.1765, Σwxt = 40.2175 → slope 0.7417, intercept
			// 0.96545; 2024 + 2025 = 8.6062. expected = 100·(6.9775 + 8.6062)
			// /(15.66 + 20.094) = 43.5859; progress 0.87172 → at_risk. (A line
			// through the shares 120, 40, 45 would have given 23.9.)
			name: "share of growth with a low-growth year",
			rows: []excel.ReportRow{
				row("GRDP_CONST", "tỷ đồng", "", 1000, 1005, 1094.3445, 1162.9599),
				row("KPI1_TFP_SHARE", "%", "", none, 120, 40, 45)},
			checks: []check{
				{"KPI1_TFP_SHARE", 2023, 44.556194, 43.585892, 0.871718, "at_risk", ""},
			},
		},
		{
			// A V-shaped recession: g_Y −5 then +5.05 (Σ g_Y = 0.05): a share of
			// so little growth is outside −500..500 and not judged.
			// GRDP 1000, 950, 997.975; shares 10, 20 → g_TFP −0.5, 1.01:
			// 100·0.51/0.05 = 1020 %.
			name: "share of near-zero growth",
			rows: []excel.ReportRow{
				row("GRDP_CONST", "tỷ đồng", "", 1000, 950, 997.975),
				row("KPI1_TFP_SHARE", "%", "", none, 10, 20)},
			checks: []check{
				{"KPI1_TFP_SHARE", 2022, nan, nan, nan, "no_data", "outside the plausible range -500.0..500.0"},
			},
		},
		{
			// A missing year is left out of the average: 2021 = 40, 2023 = 45.
			// 2023: k = 2, m = 2, A = 42.5, required_avg = ((k+m)·50 − k·A)/m
			// = (200 − 85)/2 = 57.5.
			name: "average with a missing year",
			rows: []excel.ReportRow{row("KPI1_TFP_SHARE", "%", "", none, 40, none, 45)},
			checks: []check{
				{"KPI1_TFP_SHARE", 2023, 42.5, 42.5, 0.85, "at_risk", ""},
			},
		},
		{
			name: "average missed at the horizon",
			rows: []excel.ReportRow{row("KPI1_TFP_SHARE", "%", "", none, 40, 45, 50, 45, 45)},
			checks: []check{
				// 2025: A = 225/5 = 45 ≤ 50 → off_track.
				{"KPI1_TFP_SHARE", 2025, 45, 45, 0.9, "off_track", ""},
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
					!math.IsNaN(c.expected) && !near(r.expected, c.expected) ||
					(c.status != "achieved" && !near(r.progress, c.progress)) ||
					!strings.Contains(r.note, c.note) {
					t.Errorf("%s %d: actual %v expected_2025 %v progress %v status %s note %q; want %v %v %v %s %q",
						c.kpi, c.year, r.actual, r.expected, r.progress, r.status, r.note, c.actual, c.expected, c.progress, c.status, c.note)
				}
			}
		})
	}
}

// TestRequiredAverage: the average the remaining years need, with a missing
// year and for a growth rate (README, "How progress is judged").
func TestRequiredAverage(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	loadReport(t, w, "r", v2024, kpiYears,
		row("KPI1_TFP_SHARE", "%", "", none, 40, none, 45),
		row("KPI2_LABOUR_PROD_GROWTH", "%", "", none, 6, 5))
	// KPI1 2023: ((k+m)·x* − k·A)/m = (4·50 − 2·42.5)/2 = 57.5; ratio A/r = 0.73913.
	r := kpiStatus(t, w, never, "KPI1_TFP_SHARE", 2023)
	if !near(r.required, 57.5) || !near(r.ratio, 42.5/57.5) {
		t.Errorf("KPI1 2023 required_avg %v ratio %v, want 57.5 and 0.73913", r.required, r.ratio)
	}
	// KPI2 2022: k = 2, m = 3, x* = 7.0: ((1.07)^5 / (1.06·1.05))^(1/3) − 1
	// = (1.402552 / 1.113)^(1/3) − 1 = 1.260155^(1/3) − 1 = 8.0126 %.
	r = kpiStatus(t, w, never, "KPI2_LABOUR_PROD_GROWTH", 2022)
	if want := (math.Pow(math.Pow(1.07, 5)/(1.06*1.05), 1.0/3) - 1) * 100; !near(r.required, want) || math.Abs(want-8.0126) > 1e-3 {
		t.Errorf("KPI2 2022 required_avg %v, want %.4f", r.required, want)
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
