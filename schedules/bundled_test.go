package schedules_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
)

// TestBundledNSOSources loads the two NSO PX-Web tables bundled as default
// data, as sources.toml defines them: their row labels are places (70:
// 63 provinces, 6 regions and the whole country, whatever their spacing),
// E02.45 feeds EMPLOYED and E02.58 LABOUR_PROD_CURRENT in the unit the
// definition declares, nothing is rejected, and the warehouse records them
// as official statistics with precedence 10, ranked above the sample
// agency report wherever both give a value.
func TestBundledNSOSources(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	p, sum := runBundled(t, w, "nso-e02-45-employed", "nso-e02-58-labour-productivity")
	if sum.Read != 980 || sum.Loaded != 980 || sum.Rejected != 0 {
		t.Fatalf("run: %+v; want 980 = 980 + 0", sum)
	}
	for _, c := range []struct {
		indicator, unit string
		hanoi           string
	}{
		{"EMPLOYED", "nghìn người", "4098.87 4048.73 4042.59 3839.69 3928.74 4028.92 4109.35"},
		{"LABOUR_PROD_CURRENT", "triệu đồng/người", "215.49 240.54 251.72 278.43 304.06 319.04 345.63"},
	} {
		var got, unit string
		err := w.DB().QueryRow(`SELECT string_agg(value::VARCHAR, ' ' ORDER BY period_start), any_value(unit)
			FROM observations WHERE indicator_code = ? AND geo_code = '01'`, c.indicator).Scan(&got, &unit)
		if err != nil || got != c.hanoi || unit != c.unit {
			t.Errorf("%s for Hà Nội: %q in %q (%v); want %q in %q", c.indicator, got, unit, err, c.hanoi, c.unit)
		}
		if n := scalar(t, w, "SELECT count(DISTINCT geo_code) FROM observations WHERE indicator_code = ? AND geo_code IS NOT NULL", c.indicator); n != 70 {
			t.Errorf("%s: %d places, want 70", c.indicator, n)
		}
	}
	// The national total (" WHOLE COUNTRY" with a leading space in E02.45)
	// and a province written with a double space.
	if n := scalar(t, w, `SELECT count(*) FROM observations WHERE indicator_code = 'EMPLOYED'
		AND ((geo_code = 'VN' AND value = 49072.01) OR (geo_code = '19' AND year(period_start) = 2018))`); n != 2 {
		t.Errorf("whole country 2021 and Thái Nguyên 2018: %d of 2 found", n)
	}
	if n := scalar(t, w, "SELECT count(*) FROM sources WHERE evidence = 'official' AND precedence = 10 AND NOT is_sample"); n != 2 {
		t.Errorf("%d sources recorded as official with precedence 10, want 2", n)
	}
	// A sample report of the same indicator ranks below the official table.
	path := writeReport(t, t.TempDir(), "sample.xlsx", []excel.ReportRow{{Code: "EMPLOYED", Unit: "nghìn người", Values: []any{3990.0, 4040.0, nil}}})
	if sum, err := p.LoadFiles(ctx, []string{path}, "skhdt-report", true); err != nil || sum.Loaded != 2 {
		t.Fatalf("sample report: %+v, %v", sum, err)
	}
	rows, err := w.DB().Query(`SELECT year, value, evidence, precedence, evidence_rank FROM observation_evidence
		WHERE indicator_code = 'EMPLOYED' AND geo_code = '01' AND year IN (2022, 2023) ORDER BY year, evidence_rank`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var y, prec, rank int
		var v float64
		var ev string
		if err := rows.Scan(&y, &v, &ev, &prec, &rank); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %g %s %d #%d", y, v, ev, prec, rank))
	}
	want := "2022 3928.74 official 10 #1|2022 3990 sample 1000 #2|2023 4028.92 official 10 #1|2023 4040 sample 1000 #2"
	if strings.Join(got, "|") != want {
		t.Errorf("observation_evidence:\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// runBundled runs the named sources of sources.toml into w and fails
// unless the run succeeds.
func runBundled(t *testing.T, w *load.Warehouse, names ...string) (*schedules.Pipeline, *load.Summary) {
	t.Helper()
	cfg, err := schedules.LoadConfig("sources.toml")
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := cfg.Select(names)
	if err != nil {
		t.Fatal(err)
	}
	p := &schedules.Pipeline{Warehouse: w}
	sum, err := p.Run(context.Background(), cfg, srcs, "test", "")
	if err != nil || sum.Status != "succeeded" {
		t.Fatalf("run %v: %+v, %v", names, sum, err)
	}
	return p, sum
}

func TestConfigEvidenceErrors(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct{ body, want string }{
		"evidence":   {"evidence = \"rumour\"\n", `evidence "rumour" is not one of`},
		"sample":     {"sample = true\nevidence = \"official\"\n", "sample = true but evidence"},
		"precedence": {"precedence = -1\n", "precedence -1 is negative"},
		"row labels": {"row_labels = \"columns\"\nseries = \"X\"\n", `row_labels "columns"`},
		"no series":  {"row_labels = \"geo\"\n", "row_labels = \"geo\" and series go together"},
	} {
		f := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".toml")
		os.WriteFile(f, []byte("[[source]]\nname = \"a\"\npath = \"x\"\n"+c.body), 0o644)
		if _, err := schedules.LoadConfig(f); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), f) {
			t.Errorf("%s: error %v, want %q naming %s", name, err, c.want, f)
		}
	}
}

// TestBundledPublishedFigures loads the published-figures source as
// sources.toml defines it: every row loads with its citation, a first
// estimate and the revised figure of one year are both kept (Hà Nội's GRDP
// growth 2020: 3.98 first, 3.94 later; 2023: 6.11 and 6.27), GSO's and the
// ministry's digital economy shares of one year are both kept, and
// observation_evidence takes the revised figure and GSO's; value_provenance
// shows the publisher, page, date and sentence of each.
func TestBundledPublishedFigures(t *testing.T) {
	w := openWarehouse(t)
	if _, sum := runBundled(t, w, "published-figures"); sum.Rejected != 0 || sum.Loaded != 33 {
		t.Fatalf("run: %+v; want 33 rows loaded, none rejected", sum)
	}
	if n := scalar(t, w, "SELECT count(*) FROM value_provenance WHERE url IS NULL OR quote IS NULL OR publisher IS NULL OR evidence <> 'published'"); n != 0 {
		t.Errorf("%d published values without url, quote or publisher, or not marked published", n)
	}
	for _, c := range []struct {
		indicator, geo string
		year           int
		want           string // value#rank …, by rank
	}{
		{"GRDP_CONST_GROWTH", "01", 2020, "3.94#1 3.98#2"},
		{"GRDP_CONST_GROWTH", "01", 2023, "6.27#1 6.11#2"},
		{"KPI4_DIGITAL_ECON_SHARE", "VN", 2022, "12.83#1 14.26#2 12.67#3"},
		{"KPI4_DIGITAL_ECON_SHARE", "01", 2022, "17.15#1"},
		{"KPI4_DIGITAL_ECON_SHARE", "01", 2025, "17.34#1"},
	} {
		var got string
		err := w.DB().QueryRow(`SELECT string_agg(value::VARCHAR || '#' || evidence_rank, ' ' ORDER BY evidence_rank)
			FROM observation_evidence WHERE indicator_code = ? AND geo_code = ? AND year = ?`, c.indicator, c.geo, c.year).Scan(&got)
		if err != nil || got != c.want {
			t.Errorf("%s %s %d: %q (%v), want %q", c.indicator, c.geo, c.year, got, err, c.want)
		}
	}
	var pub, url, quote, release string
	err := w.DB().QueryRow(`SELECT publisher, url, published, quote, release FROM value_provenance
		WHERE indicator_code = 'GRDP_CONST_GROWTH' AND geo_code = '01' AND year = 2023 AND value = 6.11`).Scan(&pub, &url, new(string), &quote, &release)
	if err != nil || !strings.HasPrefix(pub, "UBND") || !strings.Contains(url, "baomoi") || !strings.Contains(quote, "6,11%") || release != "first estimate" {
		t.Errorf("value_provenance of the first estimate 6.11: %q %q %q %q (%v)", pub, url, quote, release, err)
	}
}

// TestKPI2FromRealInputs: with the bundled real sources alone, KPI 2
// (labour productivity growth) comes from Hà Nội's published GRDP growth at
// constant prices and NSO's employment (E02.45), by hand:
//
//	year  GRDP growth (published)   employed (E02.45)   productivity growth
//	2021  2.92 %                    4042.59 → 3839.69   not computed: GSO's 2021 change of the count
//	2022  8.89 %                    3839.69 → 3928.74   1.0889 / 1.023192 − 1 = 6.42187 %
//	2023  6.27 % (revised; 6.11 first estimate)  → 4028.92   1.0627 / 1.025499 − 1 = 3.62757 %
//	2024  6.52 %                    4028.92 → 4109.35   1.0652 / 1.019963 − 1 = 4.43514 %
//
// The 2023 figure is the revised one, not the first estimate published a
// month earlier (both kept, observation_evidence ranks the final release
// first). The average to 2024 is (1.0642187·1.0362757·1.0443514)^(1/3) − 1 =
// 4.82 %, and the values are "published" evidence (a published figure is
// the weaker of the two inputs).
func TestKPI2FromRealInputs(t *testing.T) {
	w := openWarehouse(t)
	runBundled(t, w, "nso-e02-45-employed", "published-figures")
	employed := map[int]float64{2020: 4042.59, 2021: 3839.69, 2022: 3928.74, 2023: 4028.92, 2024: 4109.35}
	growth := map[int]float64{2022: 8.89, 2023: 6.27, 2024: 6.52}
	want := map[int]float64{}
	prod := 1.0
	for y := 2022; y <= 2024; y++ {
		want[y] = ((1+growth[y]/100)/(employed[y]/employed[y-1]) - 1) * 100
		prod *= 1 + want[y]/100
	}
	for y, v := range map[int]float64{2022: 6.42187, 2023: 3.62757, 2024: 4.43514} {
		if math.Abs(want[y]-v) > 1e-4 {
			t.Fatalf("hand computation %d: %.5f, the comment says %.5f", y, want[y], v)
		}
	}
	for y := 2021; y <= 2024; y++ {
		var v sql.NullFloat64
		var method, evidence string
		if err := w.DB().QueryRow(`SELECT value, method, evidence FROM kpi_values WHERE kpi_code = 'KPI2_LABOUR_PROD_GROWTH' AND year = ?`, y).
			Scan(&v, &method, &evidence); err != nil {
			t.Fatalf("KPI2 %d: %v", y, err)
		}
		if y == 2021 {
			if v.Valid || method != "break: definition change 2021-01-01 (EMPLOYED)" {
				t.Errorf("KPI2 2021 = %v (%s), want no value across the 2021 change of the employment count", v, method)
			}
			continue
		}
		if !v.Valid || math.Abs(v.Float64-want[y]) > 1e-9 || evidence != "published" {
			t.Errorf("KPI2 %d = %v (%s, %s), want %.5f from published GRDP growth and NSO employment", y, v, method, evidence, want[y])
		}
	}
	var actual float64
	var status, evidence string
	if err := w.DB().QueryRow(`SELECT actual, status, evidence FROM kpi_status WHERE kpi_code = 'KPI2_LABOUR_PROD_GROWTH' AND year = 2024`).
		Scan(&actual, &status, &evidence); err != nil {
		t.Fatal(err)
	}
	if a := (math.Cbrt(prod) - 1) * 100; math.Abs(actual-a) > 1e-9 || evidence != "published" || status == "no_data" {
		t.Errorf("KPI2 2024 average %v (%s, %s), want %.4f published", actual, status, evidence, a)
	}
	// KPI 4's 2025 figure is the city's estimate: the status says so.
	var note string
	if err := w.DB().QueryRow(`SELECT note FROM kpi_status WHERE kpi_code = 'KPI4_DIGITAL_ECON_SHARE' AND year = 2025`).Scan(&note); err != nil ||
		!strings.Contains(note, "the 2025 value is estimated, not final") {
		t.Errorf("KPI4 2025 note %q (%v), want it to say the value is an estimate", note, err)
	}
	// The 2021 step is listed as a break, with its source.
	if n := scalar(t, w, `SELECT count(*) FROM series_breaks WHERE indicator_code = 'EMPLOYED' AND geo_code = '01' AND break_kind = 'definition'`); n != 1 {
		t.Errorf("%d definition breaks of Hà Nội's employment, want 1 (2020 → 2021)", n)
	}
}
