package schedules_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
)

// TestRealFixtures loads every real public data file in ../shared through
// 'chitieu load' (kind detected from content) and checks, for each, the
// decoder chosen, that rows in = loaded + rejected, and a floor of rows
// loaded: the floors are what the decoders achieve today, so a change that
// loses rows fails here. The error answers in errors/ must be refused.
func TestRealFixtures(t *testing.T) {
	if _, err := os.Stat(realDir); err != nil {
		t.Skipf("real fixtures not available (../shared absent): %v", err)
	}
	tests := []struct {
		file      string
		kind      string
		minLoaded int64
	}{
		{"adb_key_indicators_2004_vietnam.xls", "xls", 4000},
		{"ecb_exr_ts_sdmxjson1.json", "sdmx", 4},
		{"gso-employed-by-activity.csv", "csv", 484},
		{"gso-gdp-constant-2010-by-sector.csv", "csv", 120},
		{"gso-investment-constant-2010.csv", "csv", 30},
		{"gso-labour-force-by-province.csv", "csv", 700},
		{"gso-monthly-report-2012-12.xls", "xls", 2315},
		{"gso-monthly-report-2024-12.xlsx", "xlsx", 5128},
		{"gso-national-accounts-key-indicators.csv", "csv", 128},
		{"gso_pxweb_E02.01_area_population_density.json", "jsonstat", 2940},
		{"gso_yearbook2002_national_accounts_2TKQG2002.xls", "xls", 280},
		{"jsonstat-cso-ireland-NQQ25.json", "jsonstat", 1216},
		{"jsonstat-eurostat-gdp-italy.json", "jsonstat", 69},
		{"jsonstat2-pxweb-ssb-07221.json", "jsonstat", 288},
		{"jsonstat2-pxweb-statfin-11rc.json", "jsonstat", 90},
		{"nso_pxweb_E02.45_employed_persons_by_province_2018-2024.xlsx", "xlsx", 490},
		{"nso_pxweb_E02.58_labour_productivity_by_province_2018-2024.xlsx", "xlsx", 490},
		{"pwt1001-excerpt.xlsx", "xlsx", 15000},
		{"pxweb-demo-TAB003.px", "px", 2448},
		{"pxweb-demo-TAB004.px", "px", 4312},
		{"pxweb-v1-native-json-scb-BefolkningNy.json", "pxweb-json", 2},
		{"scb_BE0101F1nildotsymbols.px", "px", 48},
		{"scb_HA0201E8_quarterly.px", "px", 117},
		{"sdmx-csv-ilo-EMP_TEMP_SEX_INS_DSB_NB.csv", "sdmx", 1},
		{"sdmx-csv-ilo-UNE_DEAP_SEX_AGE_RT.csv", "sdmx", 2},
		{"sdmx-json-ecb-exr-time-series.json", "sdmx", 4},
		{"sdmx-json-oecd-PART2-all.json", "sdmx", 0},
		{"sdmx-ml21-estat-nama10gdp-structurespecific.xml", "sdmx", 4},
		{"sdmx-ml21-imf-nsdp-vnm-labour-market.xml", "sdmx", 690},
		{"sdmx-ml21-imf-nsdp-vnm-population.xml", "sdmx", 165},
		{"sdmxcsv2_example04_semicolon_commadecimal.csv", "sdmx", 2},
		{"sdmxcsv2_example06_labels.csv", "sdmx", 2},
		{"sdmxcsv2_example09A_multilang.csv", "sdmx", 3},
		{"vn_mof_state_budget_balance.csv", "csv", 874},
		{"wb_v2_gdp_southamerica_records.json", "worldbank", 600},
		{"worldbank-api-gdp.json", "worldbank", 4},
		{"worldbank-api-v2-gdp-jpn-usa-footnote-page1of3.json", "worldbank", 50},
		{"worldbank-api-v2-two-indicators-jpn-usa-page1of5.json", "worldbank", 50},
	}
	// Every data file in the folder is in the table.
	listed := map[string]bool{}
	for _, tt := range tests {
		listed[tt.file] = true
	}
	entries, _ := os.ReadDir(realDir)
	for _, e := range entries {
		if !e.IsDir() && !strings.HasSuffix(e.Name(), ".md") && !listed[e.Name()] {
			t.Errorf("real fixture %s is not covered by this test", e.Name())
		}
	}

	ctx := context.Background()
	w := openWarehouse(t)
	p := &schedules.Pipeline{Warehouse: w}
	for _, tt := range tests {
		path := filepath.Join(realDir, tt.file)
		sum, err := p.LoadFiles(ctx, []string{path}, "", false)
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		st := sum.Sources[0]
		if st.Status != "loaded" || st.Kind != tt.kind {
			t.Errorf("%s: status %s kind %q (%v); want loaded by %q", tt.file, st.Status, st.Kind, st.Err, tt.kind)
			continue
		}
		if st.Stats.Read == 0 || st.Stats.Read != st.Stats.Accepted+st.Stats.Rejected {
			t.Errorf("%s: read %d = accepted %d + rejected %d does not hold", tt.file, st.Stats.Read, st.Stats.Accepted, st.Stats.Rejected)
		}
		if st.Stats.Accepted < tt.minLoaded {
			t.Errorf("%s: %d rows loaded, want at least %d", tt.file, st.Stats.Accepted, tt.minLoaded)
		}
	}
	checkNSOExports(t, w)
	if got, want := scalar(t, w, "SELECT sum(rows_read) FROM sources"), scalar(t, w, "SELECT (SELECT sum(rows_loaded) FROM sources) + (SELECT count(*) FROM rejected_rows)"); got != want {
		t.Errorf("warehouse: rows read %d, loaded + rejected %d", got, want)
	}

	// Error answers are refused and leave the data as it was.
	before := scalar(t, w, "SELECT count(*) FROM observations")
	errFiles, _ := filepath.Glob(filepath.Join(realDir, "errors", "*"))
	if len(errFiles) == 0 {
		t.Fatal("no files in errors/")
	}
	for _, f := range errFiles {
		sum, err := p.LoadFiles(ctx, []string{f}, "", false)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Status != "failed" || !strings.Contains(sum.Sources[0].Err.Error(), f) {
			t.Errorf("%s: status %s error %v; want refused, naming the file", f, sum.Status, sum.Sources[0].Err)
		}
	}
	if after := scalar(t, w, "SELECT count(*) FROM observations"); after != before {
		t.Errorf("error answers changed the warehouse: %d → %d observations", before, after)
	}
}

// checkNSOExports: the NSO PX-Web "xlsx" exports (x:-prefixed XML, a BOM,
// years as shared strings ending in "Prel. 2024", regions mixed with
// provinces) load whole, and Hà Nội's row has the values PROVENANCE.md
// quotes from the file, 2018 to 2024, the last one preliminary. Loaded
// without a source definition, the row labels are read as places on the
// evidence of the province names (transform.PlaceReader); the bundled
// sources declare them (TestBundledNSOSources).
func checkNSOExports(t *testing.T, w *load.Warehouse) {
	t.Helper()
	for _, c := range []struct {
		source string
		hanoi  []float64
	}{
		{"nso_pxweb_E02.45_employed_persons_by_province_2018-2024", []float64{4098.87, 4048.73, 4042.59, 3839.69, 3928.74, 4028.92, 4109.35}},
		{"nso_pxweb_E02.58_labour_productivity_by_province_2018-2024", []float64{215.49, 240.54, 251.72, 278.43, 304.06, 319.04, 345.63}},
	} {
		if n := scalar(t, w, "SELECT count(*) FROM rejected_rows WHERE source_name = ?", c.source); n != 0 {
			t.Errorf("%s: %d rejected rows, want 0", c.source, n)
		}
		// 70 rows (whole country, 6 regions, 63 provinces) × 7 years.
		if n := scalar(t, w, "SELECT count(*) FROM observations WHERE source_name = ? AND value IS NOT NULL", c.source); n != 490 {
			t.Errorf("%s: %d values, want 490", c.source, n)
		}
		// "Ha Noi" is read as a place (a province name without diacritics
		// in a table of provinces), so its values are on Hà Nội's GSO code.
		rows, err := w.DB().Query(`SELECT year(period_start), value, coalesce(obs_status, '') FROM observations o
			WHERE o.source_name = ? AND o.geo_code = '01' ORDER BY period_start`, c.source)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var y int
			var v float64
			var st string
			if err := rows.Scan(&y, &v, &st); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%d=%g%s", y, v, map[bool]string{true: " p"}[st == "preliminary"]))
		}
		rows.Close()
		var want []string
		for i, v := range c.hanoi {
			want = append(want, fmt.Sprintf("%d=%g%s", 2018+i, v, map[bool]string{true: " p"}[i == 6]))
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: Hà Nội\n got %v\nwant %v", c.source, got, want)
		}
	}
}
