package schedules_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/schedules"
)

// vnPlace matches the geo_codes of Vietnamese places below the whole
// country: GSO province codes, their districts (01.001), GSO's regions and
// Hà Tây, whether or not the places table knows them.
const vnPlace = `(regexp_full_match(geo_code, '[0-9]{2}(\.[0-9]{3})*|R[1-6]|HATAY') OR geo_code IN (SELECT geo_code FROM places WHERE level <> 'country'))`

// TestRealFixturePlaces loads every real public file and checks where its
// places land: a file from another country puts no row on a Vietnamese
// province (Statistics Sweden's Stockholm county is 01, Hà Nội's GSO code),
// and keeps its places under its own scheme; NSO's province tables put
// their provinces on GSO codes, the whole country on VN and the regions on
// R1–R6.
func TestRealFixturePlaces(t *testing.T) {
	if _, err := os.Stat(realDir); err != nil {
		t.Skipf("real fixtures not available (../shared absent): %v", err)
	}
	// Files about Viet Nam; every other file is foreign.
	vietnamese := func(name string) bool {
		for _, p := range []string{"gso", "nso_", "vn_", "adb_key_indicators_2004_vietnam", "sdmx-ml21-imf-nsdp-vnm-"} {
			if strings.HasPrefix(name, p) {
				return true
			}
		}
		return false
	}
	// Foreign files whose places are codes of their own (counties,
	// municipalities, regions): each must keep them, as source:code.
	keep := map[string]bool{
		"scb_BE0101F1nildotsymbols":             true, // Statistics Sweden: 01 is Stockholm county
		"pxweb-v1-native-json-scb-BefolkningNy": true, // Statistics Sweden: 00 is Sweden
		"jsonstat2-pxweb-ssb-07221":             true, // Statistics Norway: 001… are municipalities
	}
	entries, err := os.ReadDir(realDir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	w := openWarehouse(t)
	p := &schedules.Pipeline{Warehouse: w}
	var foreign []string
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		sum, err := p.LoadFiles(ctx, []string{filepath.Join(realDir, e.Name())}, "", false)
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if st := sum.Sources[0]; st.Status != "loaded" {
			t.Errorf("%s: %s (%v)", e.Name(), st.Status, st.Err)
		}
		if !vietnamese(e.Name()) {
			foreign = append(foreign, strings.TrimSuffix(e.Name(), filepath.Ext(e.Name())))
		}
	}
	for _, name := range []string{"scb_BE0101F1nildotsymbols", "scb_HA0201E8_quarterly", "pxweb-demo-TAB003",
		"pxweb-demo-TAB004", "pxweb-v1-native-json-scb-BefolkningNy", "jsonstat2-pxweb-ssb-07221",
		"jsonstat2-pxweb-statfin-11rc", "jsonstat-cso-ireland-NQQ25"} {
		found := false
		for _, f := range foreign {
			found = found || f == name
		}
		if !found {
			t.Errorf("%s (Swedish, Norwegian, Finnish or Irish) was not loaded as a foreign file", name)
		}
	}
	for _, src := range foreign {
		if n := scalar(t, w, `SELECT count(*) FROM observations WHERE source_name = ? AND `+vnPlace, src); n != 0 {
			t.Errorf("%s: %d rows on Vietnamese places, want none", src, n)
		}
		if keep[src] {
			read := scalar(t, w, `SELECT sum(rows_read) FROM sources WHERE source_name = ?`, src)
			kept := scalar(t, w, `SELECT count(*) FROM observations WHERE source_name = ? AND starts_with(geo_code, ? || ':')`, src, src)
			if kept == 0 || kept != read {
				t.Errorf("%s: %d of %d rows kept under the source's own place codes, want all", src, kept, read)
			}
		}
	}
	// Every place is a Vietnamese one the places table knows, an ISO
	// 3166-1 code, or kept in its source's scheme.
	if n := scalar(t, w, `SELECT count(*) FROM observations WHERE geo_code NOT IN (SELECT geo_code FROM places)
		AND NOT regexp_full_match(geo_code, '[A-Z]{2,3}') AND NOT starts_with(geo_code, source_name || ':')`); n != 0 {
		t.Errorf("%d rows on a place that is neither Vietnamese, ISO 3166-1, nor kept as source:code", n)
	}
	if n := scalar(t, w, `SELECT count(*) FROM observations WHERE geo_code = 'scb_BE0101F1nildotsymbols:01'`); n != 12 {
		t.Errorf("Stockholm county (SCB 01): %d rows, want 12", n)
	}
	// The kept places keep the source's labels.
	var label string
	if err := w.DB().QueryRow(`SELECT label FROM source_places WHERE geo_code = 'scb_BE0101F1nildotsymbols:01'`).Scan(&label); err != nil || label != "01 Stockholm county" {
		t.Errorf("source_places label of SCB 01: %q, %v; want 01 Stockholm county", label, err)
	}
	if n := scalar(t, w, `SELECT count(*) FROM observations o WHERE contains(geo_code, ':') AND geo_code NOT IN (SELECT geo_code FROM source_places)`); n != 0 {
		t.Errorf("%d rows on kept places that source_places does not list", n)
	}

	// NSO's province tables: 63 provinces, 6 regions and the whole
	// country, 7 years each, none kept unmatched.
	for _, src := range []string{"nso_pxweb_E02.45_employed_persons_by_province_2018-2024", "nso_pxweb_E02.58_labour_productivity_by_province_2018-2024"} {
		for _, c := range []struct {
			what, where string
			want        int64
		}{
			{"provinces", `regexp_full_match(geo_code, '[0-9]{2}')`, 63 * 7},
			{"regions", `regexp_full_match(geo_code, 'R[1-6]')`, 6 * 7},
			{"whole country", `geo_code = 'VN'`, 7},
			{"Hà Nội", `geo_code = '01'`, 7},
			{"unmatched", `geo_code IS NULL OR contains(geo_code, ':')`, 0},
		} {
			if n := scalar(t, w, `SELECT count(*) FROM observations WHERE source_name = ? AND (`+c.where+`)`, src); n != c.want {
				t.Errorf("%s: %d rows on %s, want %d", src, n, c.what, c.want)
			}
		}
	}
	// Hà Nội's 2024 employment in NSO's E02.45: one series for every
	// province, on 01.
	if n := scalar(t, w, `SELECT count(DISTINCT series_id) FROM observations WHERE source_name = 'nso_pxweb_E02.45_employed_persons_by_province_2018-2024'`); n != 1 {
		t.Errorf("NSO E02.45: %d series, want 1 (the table; its provinces are places)", n)
	}
}
