package load_test

import (
	"context"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/hanoi-sti/chitieu/extract/all"
	"github.com/hanoi-sti/chitieu/schedules"
)

// realDir holds real public data files (../shared/fixtures/real, see its
// PROVENANCE.md); tests that read it skip when it is absent.
const realDir = "../../shared/fixtures/real"

// loadRealFiles loads the named real fixture files through the normal
// pipeline (chitieu load), or skips the test when the folder is absent.
func loadRealFiles(t *testing.T, files ...string) *schedules.Pipeline {
	t.Helper()
	var paths []string
	for _, f := range files {
		p := filepath.Join(realDir, f)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("real fixture %s not present (shared/fixtures/real is not next to the project): %v", f, err)
		}
		paths = append(paths, p)
	}
	w := mustOpenWarehouse(t, "")
	p := &schedules.Pipeline{Warehouse: w, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sum, err := p.LoadFiles(context.Background(), paths, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Status != "succeeded" {
		t.Fatalf("load %v: status %s", files, sum.Status)
	}
	for _, s := range sum.Sources {
		if s.Stats.Rejected != 0 {
			t.Errorf("%s: %d rows rejected", s.Payload.URI, s.Stats.Rejected)
		}
	}
	return p
}

// TestTFPRealVietNam runs the growth accounting on GSO's national accounts,
// investment and employment tables for Viet Nam 2011–2015 and checks it
// against the same computation done here by hand, then compares the
// period's TFP share with the 33.58 % GSO announced for 2011–2015.
//
// The numbers below were read from the files (whole-country totals):
//
//	gso-gdp-constant-2010-by-sector.csv, "Total (Bill. Dongs) Total":   Y, billion VND, 2010 prices
//	gso-employed-by-activity.csv, "Total (Thous. pers.) TOTAL":       L, thousand persons
//	gso-investment-constant-2010.csv, "TOTAL" less "Supplement for working
//	  capital from owned capital" and "Others" (fixed capital only):  I, billion VND, 2010 prices;
//	  published for 2010 and 2013–2016 only ("Prel. 2016" preliminary):
//	  2010 830278 − 30720 − 20757 = 778801; 2013 835495; 2014 926124;
//	  2015 1001598; 2016 1099781.
//
// Capital: no capital stock is published, so K is the perpetual inventory
// of I with δ = 0.05 (kpi_parameters.depreciation_rate, a chitieu
// assumption). I for 2011 and 2012 is filled at constant growth between
// 2010 and 2013: r = (835495 / 778801)^(1/3) = 1.0236994. The initial stock
// is Harberger's steady state K_2010 = I_2010 / (g_I + δ), g_I the mean of
// the six yearly growth rates 2011–2016 = 0.0598487, so K_2010 =
// 7,089,757.72; then K_t = 0.95·K_{t−1} + I_t: K_2015 = 9,470,490.03.
// α = 1 − the ILO's labour income share of Viet Nam's GDP for the year
// (transform/plan/factor_shares.tsv). Per year, in %:
//
//	year  α        g_Y     g_K     g_L     g_TFP   share = g_TFP/g_Y
//	2011  0.51463  6.2403  6.2452  2.6576  1.7364  27.826
//	2012  0.51328  5.2474  5.8350  2.1258  1.2177  23.205
//	2013  0.51458  5.4219  5.4803  1.5273  1.8604  34.313
//	2014  0.52000  5.9837  6.0136  1.0280  2.3632  39.494
//	2015  0.53073  6.6793  6.2354  0.1811  3.2850  49.182
//
// Period share 2011–2015 = Σ g_TFP / Σ g_Y = 10.4627 / 29.5726 = 35.38 %;
// GSO announced 33.58 % (../shared/fixtures/published/FIGURES.md, VTV
// 29/12/2019). With α = 0.4 and the investment total the same files give
// 47.8 %.
func TestTFPRealVietNam(t *testing.T) {
	p := loadRealFiles(t, "gso-gdp-constant-2010-by-sector.csv", "gso-investment-constant-2010.csv", "gso-employed-by-activity.csv")
	db := p.Warehouse.DB()

	// The totals reach the plan indicators for the whole country, with the
	// values read from the files.
	y := map[int]float64{2010: 2157828, 2011: 2292483, 2012: 2412778, 2013: 2543596, 2014: 2695796, 2015: 2875856}
	l := map[int]float64{2010: 49048.5, 2011: 50352.0, 2012: 51422.4, 2013: 52207.8, 2014: 52744.5, 2015: 52840.0}
	inv := map[int]float64{2010: 830278, 2013: 872124, 2014: 957630, 2015: 1044420, 2016: 1145009}
	for code, want := range map[string]map[int]float64{"GRDP_CONST": y, "EMPLOYED": l, "GFCF_CONST": inv} {
		for year, v := range want {
			var got float64
			err := db.QueryRow(`SELECT value FROM indicator_values_as_of(TIMESTAMP '9999-12-31')
				WHERE indicator_code = ? AND geo_code = 'VN' AND year = ?`, code, year).Scan(&got)
			if err != nil || got != v {
				t.Errorf("%s VN %d = %v (%v), want %v from the file", code, year, got, err, v)
			}
		}
	}
	if n := count(t, p.Warehouse, `SELECT count(*) FROM observations WHERE indicator_code = 'GFCF_CONST' AND geo_code = 'VN'`); n != 5 {
		t.Errorf("%d GFCF_CONST observations, want 5 (2010, 2013–2016)", n)
	}

	// The hand computation, step by step as in the comment above.
	const delta = 0.05
	labourShare := map[int]float64{2011: 48.537, 2012: 48.672, 2013: 48.542, 2014: 48.0, 2015: 46.927}
	fixed := map[int]float64{2010: 830278 - 30720 - 20757, 2013: 872124 - 22675 - 13954, 2014: 957630 - 19727 - 11779,
		2015: 1044420 - 24022 - 18800, 2016: 1145009 - 28053 - 17175}
	r := math.Pow(fixed[2013]/fixed[2010], 1.0/3)
	i := map[int]float64{2011: fixed[2010] * r, 2012: fixed[2010] * r * r}
	for year, v := range fixed {
		i[year] = v
	}
	gI := 0.0
	for year := 2011; year <= 2016; year++ {
		gI += i[year]/i[year-1] - 1
	}
	gI /= 6
	k := map[int]float64{2010: i[2010] / (gI + delta)}
	for year := 2011; year <= 2016; year++ {
		k[year] = (1-delta)*k[year-1] + i[year]
	}
	if math.Abs(k[2010]-7089757.72) > 0.01 || math.Abs(k[2015]-9470490.03) > 0.01 {
		t.Fatalf("hand computation: K_2010 = %.2f, K_2015 = %.2f; the comment says 7089757.72 and 9470490.03", k[2010], k[2015])
	}
	type acc struct{ gY, gK, gL, gTFP, share float64 }
	want := map[int]acc{}
	alphas := map[int]float64{}
	sumY, sumTFP := 0.0, 0.0
	for year := 2011; year <= 2015; year++ {
		alpha := 1 - labourShare[year]/100
		a := acc{gY: (y[year]/y[year-1] - 1) * 100, gK: (k[year]/k[year-1] - 1) * 100, gL: (l[year]/l[year-1] - 1) * 100}
		a.gTFP = a.gY - alpha*a.gK - (1-alpha)*a.gL
		a.share = a.gTFP / a.gY * 100
		want[year], alphas[year] = a, alpha
		sumY += a.gY
		sumTFP += a.gTFP
	}
	// The rounded figures of the table in the comment.
	for year, s := range map[int]float64{2011: 27.826, 2012: 23.205, 2013: 34.313, 2014: 39.494, 2015: 49.182} {
		if math.Abs(want[year].share-s) > 0.001 {
			t.Fatalf("hand computation: share %d = %.4f, the comment says %.3f", year, want[year].share, s)
		}
	}
	periodShare := sumTFP / sumY * 100
	var got float64
	if err := db.QueryRow(`SELECT sum(g_tfp) / sum(g_y) * 100 FROM tfp_accounting
		WHERE geo_code = 'VN' AND year BETWEEN 2011 AND 2015`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	const gso = 33.58
	t.Logf("Viet Nam's TFP share of GDP growth 2011–2015: chitieu %.2f %% (by hand %.2f %%), GSO announced %.2f %%", got, periodShare, gso)
	if math.Abs(got-periodShare) > 1e-9 || math.Abs(got-gso) > 5 {
		t.Errorf("2011–2015 period share %.4f %% (by hand %.4f %%), want within 5 points of GSO's %.2f %%", got, periodShare, gso)
	}

	rows, err := db.Query(`SELECT year, g_y, g_k, g_l, alpha, g_tfp, share, series_used, flag IS NULL
		FROM tfp_accounting WHERE geo_code = 'VN' AND year BETWEEN 2011 AND 2015 ORDER BY year`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var year int
		var g acc
		var a float64
		var used string
		var noFlag bool
		if err := rows.Scan(&year, &g.gY, &g.gK, &g.gL, &a, &g.gTFP, &g.share, &used, &noFlag); err != nil {
			t.Fatal(err)
		}
		n++
		w := want[year]
		close := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
		if !close(g.gY, w.gY) || !close(g.gK, w.gK) || !close(g.gL, w.gL) || !close(a, alphas[year]) || !close(g.gTFP, w.gTFP) || !close(g.share, w.share) || !noFlag {
			t.Errorf("tfp_accounting VN %d = %+v α %v, want %+v α %v (by hand)", year, g, a, w, alphas[year])
		}
		for _, s := range []string{
			"GRDP_CONST=gso-gdp-constant-2010-by-sector/Total (Bill. Dongs) Total",
			"K by perpetual inventory of GFCF_CONST=gso-investment-constant-2010/TOTAL less INV_WORKING_CAPITAL_CONST=gso-investment-constant-2010/Supplement for working capital from owned capital and INV_OTHER_CONST=gso-investment-constant-2010/Others (δ = 0.05)",
			"K_2010 = I_2010 / (g_I + δ)",
			"I filled at constant growth for 2011, 2012",
			"EMPLOYED=gso-employed-by-activity/Total (Thous. pers.) TOTAL",
		} {
			if !strings.Contains(used, s) {
				t.Errorf("tfp_accounting VN %d series_used %q lacks %q", year, used, s)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("%d tfp_accounting rows for VN 2011–2015, want 5", n)
	}
	// 2010 has no growth (no investment before it), and the whole country
	// is not Hà Nội: KPI 1 (geo 01) has no value from these files.
	if c := count(t, p.Warehouse, `SELECT count(*) FROM tfp_accounting WHERE geo_code = 'VN' AND year <= 2010`); c != 0 {
		t.Errorf("%d tfp_accounting rows for VN before 2011, want none (the inventory starts in 2010)", c)
	}
	if c := count(t, p.Warehouse, `SELECT count(*) FROM kpi_candidates WHERE kpi_code = 'KPI1_TFP_SHARE'`); c != 0 {
		t.Errorf("%d KPI1 candidates from national data, want none (KPI 1 is Hà Nội's)", c)
	}
}
