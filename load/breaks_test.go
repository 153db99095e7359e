package load_test

import (
	"database/sql"
	"math"
	"strings"
	"testing"
)

// Hà Tây was merged into Hà Nội on 1 August 2008 (boundary_changes, seeded
// from transform/plan/boundary_changes.tsv). A growth step across the merger
// must be listed by series_breaks, flagged, and left out of every growth
// rate, never reported as growth.

const breakFlag = "break: boundary change 2008-08-01"

// TestBreaksRealLabourForce: GSO's labour force by province shows Hà Nội's
// series doubling from 2007 (1,653.7 thousand) to 2008 (3,421.2), Hà Tây's
// ending in 2007, and Vĩnh Phúc and Hoà Bình losing the parts transferred
// to Hà Nội. Exactly those steps are breaks; no other province, region or
// the country has one.
func TestBreaksRealLabourForce(t *testing.T) {
	p := loadRealFiles(t, "gso-labour-force-by-province.csv")
	w := p.Warehouse

	var absorbed, name string
	if err := w.DB().QueryRow(`SELECT absorbed_geo, absorbed_name FROM boundary_changes WHERE geo_code = '01' AND change_date = DATE '2008-08-01'`).
		Scan(&absorbed, &name); err != nil || absorbed != "HATAY" || name != "Hà Tây" {
		t.Fatalf("boundary_changes 01 2008-08-01: absorbed %q %q (%v), want HATAY Hà Tây", absorbed, name, err)
	}
	// Hà Tây's own series loaded under its own code, never added to Hà Nội's.
	if n := count(t, w, `SELECT count(*) FROM observations WHERE geo_code = 'HATAY' AND value IS NOT NULL`); n != 2 {
		t.Errorf("%d Hà Tây values, want 2 (2005, 2007)", n)
	}

	type brk struct {
		from, to         int
		fromV, toV, grow float64
		absorbed         sql.NullString
	}
	rows, err := w.DB().Query(`SELECT geo_code, year(from_period), year(to_period), from_value, to_value, spurious_growth, absorbed_geo, flag
		FROM series_breaks ORDER BY geo_code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]brk{}
	for rows.Next() {
		var geo, flag string
		var b brk
		if err := rows.Scan(&geo, &b.from, &b.to, &b.fromV, &b.toV, &b.grow, &b.absorbed, &flag); err != nil {
			t.Fatal(err)
		}
		if flag != breakFlag {
			t.Errorf("%s: flag %q, want %q", geo, flag, breakFlag)
		}
		got[geo] = b
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// Spurious growth: 3421.2 / 1653.7 − 1 = 106.882 %;
	// Vĩnh Phúc 591.5 / 705.2 − 1 = −16.123 %; Hoà Bình 488.5 / 559.3 − 1 = −12.659 %.
	want := map[string]brk{
		"01": {2007, 2008, 1653.7, 3421.2, 106.882, sql.NullString{String: "HATAY", Valid: true}},
		"26": {2007, 2008, 705.2, 591.5, -16.123, sql.NullString{}},
		"17": {2007, 2008, 559.3, 488.5, -12.659, sql.NullString{}},
	}
	if len(got) != len(want) {
		t.Errorf("series_breaks has %d geographies (%v), want 01, 26, 17", len(got), got)
	}
	for geo, wb := range want {
		g, ok := got[geo]
		if !ok || g.from != wb.from || g.to != wb.to || g.fromV != wb.fromV || g.toV != wb.toV ||
			math.Abs(g.grow-wb.grow) > 1e-3 || g.absorbed != wb.absorbed {
			t.Errorf("series_breaks %s = %+v, want %+v", geo, g, wb)
		}
	}
}

// TestBreaksMadeUp: a made-up Hà Nội series that doubles in 2008. Every
// growth rate of sql/views/020_kpi.sql leaves the 2007→2008 step out: the
// growth accounting (KPI 1), labour productivity growth (KPI 2) and the
// patent growth ranking (KPI 7B), which also leaves out Vĩnh Phúc, broken
// by the same change.
func TestBreaksMadeUp(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	years := []string{"2006", "2007", "2008", "2009", "2010"}
	loadReport(t, w, "merged", v2024, years,
		row("GRDP_CONST", "tỷ đồng", "", 100, 110, 230, 250, 270),
		row("EMPLOYED", "nghìn người", "", 50, 51, 105, 106, 108),
		row("CAPITAL_STOCK", "tỷ đồng", "", 200, 210, 450, 470, 495),
		row("CAPITAL_SHARE", "%", "", 40, 40, 40, 40, 40),
		row("PATENT_APPS", "đơn", "Hà Nội", 80, 100, 210, 231, 240),
		row("PATENT_APPS", "đơn", "TP. Hồ Chí Minh", 180, 200, 220, 264, 270),
		row("PATENT_APPS", "đơn", "Đà Nẵng", 9, 10, 12, 12, 13),
		row("PATENT_APPS", "đơn", "Vĩnh Phúc", 28, 30, 20, 21, 22))

	// series_breaks: Hà Nội's five series and Vĩnh Phúc's patents, 2007→2008.
	if n := count(t, w, `SELECT count(*) FROM series_breaks WHERE year(from_period) = 2007 AND year(to_period) = 2008 AND flag = ?`, breakFlag); n != 6 {
		t.Errorf("%d breaks listed, want 6 (Hà Nội GRDP_CONST, EMPLOYED, CAPITAL_STOCK, CAPITAL_SHARE, PATENT_APPS; Vĩnh Phúc PATENT_APPS)", n)
	}
	if n := count(t, w, `SELECT count(*) FROM series_breaks`); n != 6 {
		t.Errorf("%d rows in series_breaks, want 6", n)
	}

	// Growth accounting, α = 0.4 (CAPITAL_SHARE 40 % published):
	// 2007: g_Y = 10, g_K = 5, g_L = 2 → g_TFP = 10 − 2 − 1.2 = 6.8, share 68 %.
	// 2008: the step crosses the merger → no growth rates, flagged.
	// 2009: g_Y = 250/230 − 1 = 8.69565, g_K = 470/450 − 1 = 4.44444,
	//       g_L = 106/105 − 1 = 0.95238 → g_TFP = 8.69565 − 1.77778 − 0.57143
	//       = 6.34645, share 72.98413 %.
	type tfp struct {
		gY, gTFP, share sql.NullFloat64
		flag            sql.NullString
	}
	nan := math.NaN()
	for year, want := range map[int]struct {
		gY, gTFP, share float64
		flag            string
	}{
		2007: {10, 6.8, 68, ""},
		2008: {nan, nan, nan, breakFlag},
		2009: {8.695652, 6.346446, 72.984127, ""},
	} {
		var g tfp
		if err := w.DB().QueryRow(`SELECT g_y, g_tfp, share, flag FROM tfp_accounting WHERE geo_code = '01' AND year = ?`, year).
			Scan(&g.gY, &g.gTFP, &g.share, &g.flag); err != nil {
			t.Fatalf("tfp_accounting 01 %d: %v", year, err)
		}
		if !near(g.gY, want.gY) || !near(g.gTFP, want.gTFP) || !near(g.share, want.share) || g.flag.String != want.flag {
			t.Errorf("tfp_accounting 01 %d = %+v, want %+v", year, g, want)
		}
	}

	// KPI candidates: productivity (Y/L) growth
	// 2007: (110/51)/(100/50) − 1 = 7.84314 %; 2009: (250/106)/(230/105) − 1 = 7.67022 %;
	// 2008 not computed (the merger doubled both Y and L).
	// Patent growth 2008: Hà Nội +110 % (the merger) is not ranked; Vĩnh
	// Phúc's step is a break too; HCM +10 %, Đà Nẵng +20 %.
	// 2009: HCM 264/220 = +20 %, Hà Nội 231/210 = +10 %, Vĩnh Phúc 21/20 = +5 %,
	// Đà Nẵng 0 % → Hà Nội ranks 2 of 4.
	for _, c := range []struct {
		kpi    string
		year   int
		value  float64
		method string
	}{
		{"KPI1_TFP_SHARE", 2007, 68, "derived: growth accounting g_TFP = g_Y − α·g_K − (1−α)·g_L, α = 0.4 (published CAPITAL_SHARE merged/CAPITAL_SHARE)"},
		{"KPI1_TFP_SHARE", 2008, nan, breakFlag},
		{"KPI2_LABOUR_PROD_GROWTH", 2007, 7.843137, "derived: (1 + GRDP_CONST growth) / (EMPLOYED_t / EMPLOYED_t−1) − 1"},
		{"KPI2_LABOUR_PROD_GROWTH", 2008, nan, breakFlag},
		{"KPI2_LABOUR_PROD_GROWTH", 2009, 7.670221, "derived: (1 + GRDP_CONST growth) / (EMPLOYED_t / EMPLOYED_t−1) − 1"},
		{"KPI7B_PATENT_GROWTH_RANK", 2007, 1, "derived: rank of Hà Nội by growth of PATENT_APPS among 4 of 63 provinces"},
		{"KPI7B_PATENT_GROWTH_RANK", 2008, nan, breakFlag},
		{"KPI7B_PATENT_GROWTH_RANK", 2009, 2, "derived: rank of Hà Nội by growth of PATENT_APPS among 4 of 63 provinces"},
	} {
		var v sql.NullFloat64
		var method string
		if err := w.DB().QueryRow(`SELECT value, method FROM kpi_values WHERE kpi_code = ? AND year = ?`, c.kpi, c.year).Scan(&v, &method); err != nil {
			t.Errorf("kpi_values %s %d: %v", c.kpi, c.year, err)
			continue
		}
		if !near(v, c.value) || method != c.method {
			t.Errorf("kpi_values %s %d = %v (%s), want %v (%s)", c.kpi, c.year, v, method, c.value, c.method)
		}
	}
	// 2007 patents (Hà Nội 80 → 100 = +25 %, first of 4) are not broken;
	// in 2008 only HCM and Đà Nẵng are ranked.
	if n := count(t, w, `SELECT count(*) FROM kpi_candidates WHERE kpi_code = 'KPI7B_PATENT_GROWTH_RANK' AND year = 2008 AND value IS NOT NULL`); n != 0 {
		t.Errorf("Hà Nội's patent growth across the merger was ranked")
	}
}

// TestBreakInPlanPeriod: a (hypothetical) boundary change inside the plan's
// period, and GSO's 2021 change of the employment count, leave their years
// out of the KPI averages; kpi_status shows them as no_data with the flag as
// their method.
func TestBreakInPlanPeriod(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	// The table is reseeded from the TSV on the next write-open; this
	// warehouse is not reopened.
	if _, err := w.DB().Exec(`INSERT INTO boundary_changes (geo_code, change_date, note) VALUES ('01', DATE '2022-07-01', 'test: a made-up change')`); err != nil {
		t.Fatal(err)
	}
	loadReport(t, w, "inputs", v2024, kpiYears,
		row("GRDP_CONST", "tỷ đồng", "", 1000, 1060, 2200, 2310, 2448.6),
		row("EMPLOYED", "nghìn người", "", 500, 505, 1000, 1010, 1030.2),
		row("CAPITAL_STOCK", "tỷ đồng", "", 2000, 2160, 4500, 4725, 4961.25),
		row("CAPITAL_SHARE", "%", "", 40, 40, 40, 40, 40))
	const flag = "break: boundary change 2022-07-01"
	const empFlag = "break: definition change 2021-01-01 (EMPLOYED)"

	// KPI 1: 2021 crosses the employment change, 2022 the boundary change;
	// 2023 g_Y 5, g_K 5, g_L 1 → g_TFP = 5 − 2 − 0.6 = 2.4, share 48;
	// 2024 g_Y 6, g_K 5, g_L 2 → g_TFP = 6 − 2 − 1.2 = 2.8, share 46.6667.
	// share_mean 2024 = (48 + 46.6667)/2 = 47.3333 (2021, 2022 left out);
	// share_period = Σ g_TFP / Σ g_Y = 5.2 / 11 = 47.2727 %.
	var shareMean, sharePeriod float64
	if err := w.DB().QueryRow(`SELECT share_mean, share_period FROM tfp_accounting WHERE geo_code = '01' AND year = 2024`).Scan(&shareMean, &sharePeriod); err != nil {
		t.Fatal(err)
	}
	if math.Abs(shareMean-47.33333) > 1e-3 || math.Abs(sharePeriod-47.27273) > 1e-3 {
		t.Errorf("2024 share_mean %v share_period %v, want 47.3333 and 47.2727 (2021, 2022 left out)", shareMean, sharePeriod)
	}
	for year, f := range map[int]string{2021: empFlag, 2022: flag} {
		for _, kpi := range []string{"KPI1_TFP_SHARE", "KPI2_LABOUR_PROD_GROWTH"} {
			if r := kpiStatus(t, w, never, kpi, year); r.actual.Valid || r.status != "no_data" || r.method != f {
				t.Errorf("%s %d = %+v, want no_data with method %q", kpi, year, r, f)
			}
		}
	}
	if r := kpiStatus(t, w, never, "KPI1_TFP_SHARE", 2024); !near(r.actual, 47.27273) {
		t.Errorf("KPI1 2024 actual %v, want 47.2727 (TFP's share of 2023–2024 growth)", r.actual)
	}
	// KPI 2: 2023 (2310/1010)/(2200/1000) − 1 = 3.96040 %;
	// 2024 (2448.6/1030.2)/(2310/1010) − 1 = 1.06/1.02 − 1 = 3.92157 %.
	// Average to 2024 over k = 2 years: √(1.039604·1.039216) − 1 = 3.94098 %;
	// m = 1 year remains: r = 1.07³ / (1.039604·1.039216) − 1 = 13.39077 %;
	// two values, no trend: expected 3.94098, progress 3.94098/7 = 0.56300 → at_risk.
	r := kpiStatus(t, w, never, "KPI2_LABOUR_PROD_GROWTH", 2024)
	if !near(r.actual, 3.940980) || !near(r.required, 13.390773) || !near(r.expected, 3.940980) || !near(r.progress, 0.563000) || r.status != "at_risk" {
		t.Errorf("KPI2 2024 = %+v, want actual 3.9410, required 13.3908, expected 3.9410, progress 0.5630, at_risk", r)
	}
	// series_breaks lists the employment step with its source.
	var note string
	if err := w.DB().QueryRow(`SELECT note FROM series_breaks WHERE indicator_code = 'EMPLOYED' AND break_kind = 'definition' AND year(to_period) = 2021`).Scan(&note); err != nil ||
		!strings.Contains(note, "4.4 million") || !strings.Contains(note, "vietnamnet.vn") {
		t.Errorf("series_breaks EMPLOYED 2021: %q (%v), want the definition change with its source", note, err)
	}
}

// TestBreakRestartsInventory: the perpetual inventory of investment starts
// again after a boundary change, since the old territory's stock is not the
// new one's. GFCF_CONST 2006–2010: 10, 11 | 25, 27.5, 30.25 (δ = 0.05).
// Before the merger: g_I = 10 %, K_2006 = 10/(0.10 + 0.05) = 66.667,
// K_2007 = 0.95·66.667 + 11 = 74.333 → g_K = 11.5 %.
// After: g_I = mean(27.5/25 − 1, 30.25/27.5 − 1) = 10 %, K_2008 = 25/0.15 =
// 166.667, K_2009 = 0.95·166.667 + 27.5 = 185.833 → g_K = 11.5 %.
// 2008 itself is a break; without the restart its K would be 74.333·0.95 + 25.
func TestBreakRestartsInventory(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	loadReport(t, w, "merged", v2024, []string{"2006", "2007", "2008", "2009", "2010"},
		row("GRDP_CONST", "tỷ đồng", "", 100, 105, 220, 231, 242.55),
		row("EMPLOYED", "nghìn người", "", 50, 50, 100, 100, 100),
		row("GFCF_CONST", "tỷ đồng", "", 10, 11, 25, 27.5, 30.25))
	for year, want := range map[int]struct {
		gK   float64
		used string
	}{
		2007: {11.5, "K_2006 = I_2006 / (g_I + δ) with g_I = 0.1"},
		2009: {11.5, "K_2008 = I_2008 / (g_I + δ) with g_I = 0.1"},
	} {
		var gK sql.NullFloat64
		var used string
		if err := w.DB().QueryRow(`SELECT g_k, series_used FROM tfp_accounting WHERE geo_code = '01' AND year = ?`, year).Scan(&gK, &used); err != nil {
			t.Fatalf("tfp_accounting %d: %v", year, err)
		}
		if !near(gK, want.gK) || !strings.Contains(used, want.used) {
			t.Errorf("tfp_accounting %d: g_K %v (%s), want %v (%s)", year, gK, used, want.gK, want.used)
		}
	}
	var flag sql.NullString
	if err := w.DB().QueryRow(`SELECT flag FROM tfp_accounting WHERE geo_code = '01' AND year = 2008`).Scan(&flag); err != nil || flag.String != breakFlag {
		t.Errorf("tfp_accounting 2008 flag %v (%v), want %q", flag, err, breakFlag)
	}
}

// TestProvinces2025 checks the 1 July 2025 reorganisation as seeded: 52
// former units in 23 new ones (each new one keeps one former code and
// absorbs the rest), 11 unchanged, 34 in all; Hà Nội has no break, a merged
// unit's 2024→2025 step has one, and a reused code says its new name.
func TestProvinces2025(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	const on = `change_date = DATE '2025-07-01'`
	for _, c := range []struct {
		what, q string
		want    int64
	}{
		{"absorbed units", `SELECT count(DISTINCT absorbed_geo) FROM boundary_changes WHERE ` + on, 29},
		{"new units", `SELECT count(DISTINCT geo_code) FROM boundary_changes WHERE ` + on, 23},
		{"units that absorb and are absorbed", `SELECT count(*) FROM boundary_changes a JOIN boundary_changes b ON a.geo_code = b.absorbed_geo AND a.change_date = b.change_date WHERE a.` + on, 0},
		{"Hà Nội's rows", `SELECT count(*) FROM boundary_changes WHERE ` + on + ` AND '01' IN (geo_code, absorbed_geo)`, 0},
		{"Hà Nội's 2025 break", `SELECT count(year_break('01', 2025))`, 0},
		{"old Bắc Ninh's 2025 break", `SELECT count(year_break('27', 2025))`, 1},
		{"new Bắc Ninh (24) named", `SELECT count(*) FROM boundary_changes WHERE ` + on + ` AND geo_code = '24' AND name_after = 'Bắc Ninh' AND absorbed_name = 'Bắc Ninh'`, 1},
	} {
		if n := count(t, w, c.q); n != c.want {
			t.Errorf("%s: %d, want %d", c.what, n, c.want)
		}
	}
	for _, c := range []struct {
		q    string
		want int64
	}{
		{`SELECT count(*) FROM provinces_in(2024)`, 63},
		{`SELECT count(*) FROM provinces_in(2025)`, 34},
		{`SELECT count(*) FROM provinces_in(2025) WHERE geo_code = '24' AND name = 'Bắc Ninh'`, 1},
		{`SELECT count(*) FROM provinces_in(2024) WHERE geo_code = '24' AND name = 'Bắc Giang'`, 1},
		{`SELECT count(*) FROM provinces_in(2025) WHERE geo_code IN ('01', '27')`, 1},
	} {
		if n := count(t, w, c.q); n != c.want {
			t.Errorf("%s: %d, want %d", c.q, n, c.want)
		}
	}
	// 63 units before, 34 after: 63 - 29 absorbed.
	if n := 63 - count(t, w, `SELECT count(DISTINCT absorbed_geo) FROM boundary_changes WHERE `+on); n != 34 {
		t.Errorf("%d units after 1 July 2025, want 34", n)
	}
}
