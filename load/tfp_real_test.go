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
// against the same computation done here by hand.
//
// The numbers below were read from the files (whole-country totals):
//
//	gso-gdp-constant-2010-by-sector.csv, "Total (Bill. Dongs) Total":   Y, billion VND, 2010 prices
//	gso-employed-by-activity.csv, "Total (Thous. pers.) TOTAL":       L, thousand persons
//	gso-investment-constant-2010.csv, "TOTAL":                        I, billion VND, 2010 prices;
//	  published for 2010 and 2013–2016 only ("Prel. 2016" preliminary).
//
// Capital: no capital stock is published, so K is the perpetual inventory
// of I with δ = 0.05 (kpi_parameters.depreciation_rate, a chitieu
// assumption). I for 2011 and 2012 is filled at constant growth between
// 2010 and 2013: r = (872124 / 830278)^(1/3) = 1.0504^(1/3) = 1.016525,
// I_2011 = 830278·r = 843998.68, I_2012 = 830278·r² = 857946.10.
// The initial stock is Harberger's steady state K_2010 = I_2010 / (g_I + δ),
// g_I the mean of the six yearly growth rates 2011–2016:
// (3·0.016525 + 0.098043 + 0.090630 + 0.096311) / 6 = 0.055760, so
// K_2010 = 830278 / 0.105760 = 7,850,580; then K_t = 0.95·K_{t−1} + I_t:
// K_2011 = 8,302,050, K_2012 = 8,744,894, K_2013 = 9,179,773,
// K_2014 = 9,678,414, K_2015 = 10,238,914.
// α = 0.4 (the default; no CAPITAL_SHARE is loaded). Per year, in %:
//
//	year  g_Y     g_K     g_L     g_TFP = g_Y − 0.4·g_K − 0.6·g_L   share = g_TFP/g_Y
//	2011  6.2403  5.7508  2.6576  2.3454                            37.585
//	2012  5.2474  5.3341  2.1258  1.8382                            35.031
//	2013  5.4219  4.9730  1.5273  2.5163                            46.410
//	2014  5.9837  5.4320  1.0280  3.1941                            53.380
//	2015  6.6793  5.7912  0.1811  4.2542                            63.692
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
	const delta, alpha = 0.05, 0.4
	r := math.Pow(inv[2013]/inv[2010], 1.0/3)
	i := map[int]float64{2011: inv[2010] * r, 2012: inv[2010] * r * r}
	for year, v := range inv {
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
	if math.Abs(k[2010]-7850580.44) > 0.01 || math.Abs(k[2015]-10238913.63) > 0.01 {
		t.Fatalf("hand computation: K_2010 = %.2f, K_2015 = %.2f; the comment says 7850580.44 and 10238913.63", k[2010], k[2015])
	}
	type acc struct{ gY, gK, gL, gTFP, share float64 }
	want := map[int]acc{}
	for year := 2011; year <= 2015; year++ {
		a := acc{gY: (y[year]/y[year-1] - 1) * 100, gK: (k[year]/k[year-1] - 1) * 100, gL: (l[year]/l[year-1] - 1) * 100}
		a.gTFP = a.gY - alpha*a.gK - (1-alpha)*a.gL
		a.share = a.gTFP / a.gY * 100
		want[year] = a
	}
	// The rounded figures of the table in the comment.
	for year, s := range map[int]float64{2011: 37.585, 2012: 35.031, 2013: 46.410, 2014: 53.380, 2015: 63.692} {
		if math.Abs(want[year].share-s) > 0.001 {
			t.Fatalf("hand computation: share %d = %.4f, the comment says %.3f", year, want[year].share, s)
		}
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
		if !close(g.gY, w.gY) || !close(g.gK, w.gK) || !close(g.gL, w.gL) || a != alpha || !close(g.gTFP, w.gTFP) || !close(g.share, w.share) || !noFlag {
			t.Errorf("tfp_accounting VN %d = %+v α %v, want %+v α %v (by hand)", year, g, a, w, alpha)
		}
		for _, s := range []string{
			"GRDP_CONST=gso-gdp-constant-2010-by-sector/Total (Bill. Dongs) Total",
			"K by perpetual inventory of GFCF_CONST=gso-investment-constant-2010/TOTAL (δ = 0.05)",
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
