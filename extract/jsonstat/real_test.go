package jsonstat

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

// TestRealSniffAndDetect checks which real payloads each decoder claims,
// through extract.Detect as the pipeline does.
func TestRealSniffAndDetect(t *testing.T) {
	tests := []struct {
		file string
		want string // decoder name; "" = neither of this package's decoders
	}{
		{"jsonstat-eurostat-gdp-italy.json", Name},
		{"jsonstat-cso-ireland-NQQ25.json", Name},
		{"jsonstat2-pxweb-statfin-11rc.json", Name},
		{"jsonstat2-pxweb-ssb-07221.json", Name},
		{"gso_pxweb_E02.01_area_population_density.json", Name},
		{"pxweb-v1-native-json-scb-BefolkningNy.json", PXWebName},
		{"worldbank-api-gdp.json", ""},
		{"worldbank-api-v2-gdp-jpn-usa-footnote-page1of3.json", ""},
		{"wb_v2_gdp_southamerica_records.json", ""},
		{"sdmx-json-ecb-exr-time-series.json", ""},
		{"sdmx-json-oecd-PART2-all.json", ""},
		{"ecb_exr_ts_sdmxjson1.json", ""},
		{"errors/worldbank-api-v2-error-invalid-indicator.json", ""},
		{"pxweb-demo-TAB003.px", ""},
		{"gso-gdp-constant-2010-by-sector.csv", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			uri, b := readReal(t, tt.file)
			head := extract.Head(b)
			if got := (Decoder{}).Sniff(head); got != (tt.want == Name) {
				t.Errorf("jsonstat Sniff = %v", got)
			}
			if got := (PXWebDecoder{}).Sniff(head); got != (tt.want == PXWebName) {
				t.Errorf("pxweb-json Sniff = %v", got)
			}
			d, err := extract.Detect(extract.NewPayload("t", uri, b, time.Now()))
			switch {
			case tt.want != "" && (err != nil || d.Name() != tt.want):
				t.Errorf("Detect = %v, %v; want %s", d, err, tt.want)
			case tt.want == "" && err == nil && (d.Name() == Name || d.Name() == PXWebName):
				t.Errorf("Detect claimed it for %s", d.Name())
			}
		})
	}
}

// TestEurostatGolden compares the Eurostat JSON-stat 1.0 bundle with the
// flattening made by the reference JSON-stat JavaScript toolkit.
func TestEurostatGolden(t *testing.T) {
	uri, b := readReal(t, "jsonstat-eurostat-gdp-italy.json")
	_, exp := readReal(t, "expected/jsonstat-eurostat-gdp-italy.table.csv")
	recs, err := csv.NewReader(strings.NewReader(string(exp))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "unit,indic_na,geo,time,Value" {
		t.Fatalf("unexpected golden header %v", recs[0])
	}
	recs = recs[1:]
	c, err := decode(t, Decoder{}, uri, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 69 || len(recs) != 69 {
		t.Fatalf("%d rows, golden has %d; both should be 69", len(c.Rows), len(recs))
	}
	geoLabel := map[string]string{"IT": "Italy"} // from the dataset's geo category labels
	const indic = "Gross domestic product at market prices"
	for i, r := range c.Rows {
		g := recs[i]
		// The legacy status list marks every value the golden leaves empty
		// with ":" (not available), and only those; the symbol is sent as
		// the value of those cells, and no status remains.
		value := g[4]
		if value == "" {
			value = ":"
		}
		if r.Unit != g[0] || !strings.HasSuffix(r.SeriesName, " / "+g[1]) || geoLabel[r.Geo] != g[2] || r.Period != g[3] || r.Value != value || r.Status != "" {
			t.Errorf("row %d: %s|%s|%s|%s|%s|%s, golden %v", i, r.Unit, r.SeriesName, r.Geo, r.Period, r.Value, r.Status, g)
		}
		if g[1] != indic || r.Series != "nama_gdp_c/unit=EUR_HAB/indic_na=B1GM" {
			t.Errorf("row %d: series %q, golden indicator %q", i, r.Series, g[1])
		}
		// No role: geo and time are guessed by name and kept out of Dims.
		if len(r.Dims) != 2 || r.Dims["unit"] != "EUR_HAB" || r.Dims["indic_na"] != "B1GM" {
			t.Errorf("row %d: dims %v, want unit and indic_na only", i, r.Dims)
		}
	}
	if got := c.Infos[0]; got.Title != "GDP and main components - Current prices" || got.Vintage.Year() != 2015 {
		t.Errorf("info = %+v", got)
	}
}

func TestRealCSOIreland(t *testing.T) {
	uri, b := readReal(t, "jsonstat-cso-ireland-NQQ25.json")
	c, err := decode(t, Decoder{}, uri, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 8*76*2 {
		t.Fatalf("%d rows, want 1216", len(c.Rows))
	}
	first, last := c.Rows[0], c.Rows[len(c.Rows)-1]
	if first.Dims["Sector"] != "0" || first.Period != "1997Q1" || first.Value != "19960" || first.Unit != "Euro Million" ||
		first.Series != c.Infos[0].Title+"/Sector=0/Statistic=NQQ25C01" {
		t.Errorf("first row = %+v", first)
	}
	// Statistic is the metric (role), named by the series code; Quarter is
	// the period: Sector is the only other dimension.
	if len(last.Dims) != 1 || last.Dims["Sector"] != "08" || !strings.HasSuffix(last.Series, "/Sector=08/Statistic=NQQ25S1") || last.Period != "2015Q4" || last.Value != "12521" {
		t.Errorf("last row = %+v", last)
	}
	if c.Infos[0].Publisher != "Central Statistics Office, Ireland" {
		t.Errorf("info = %+v", c.Infos[0])
	}
}

func TestRealStatFin(t *testing.T) {
	uri, b := readReal(t, "jsonstat2-pxweb-statfin-11rc.json")
	c, err := decode(t, Decoder{}, uri, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 90 {
		t.Fatalf("%d rows, want 90", len(c.Rows))
	}
	r := c.Rows[89]
	if r.Series != "statfin_vaerak_pxt_11rc/Sukupuoli=2/Ikä=65-69/Tiedot=vaesto" || r.Period != "2022" || r.Value != "181956" || r.Unit != "Antal" || r.Geo != "" {
		t.Errorf("last row = %+v", r)
	}
	if c.Infos[0].Publisher != "Statistikcentralen, befolkningsstruktur" || c.Infos[0].Vintage != time.Date(2023, 3, 31, 5, 0, 0, 0, time.UTC) {
		t.Errorf("info = %+v", c.Infos[0])
	}
}

func TestRealSSBSparseStatus(t *testing.T) {
	uri, b := readReal(t, "jsonstat2-pxweb-ssb-07221.json")
	c, err := decode(t, Decoder{}, uri, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 288 {
		t.Fatalf("%d rows, want 288", len(c.Rows))
	}
	missing := 0
	for i, r := range c.Rows {
		if r.Status != "" {
			t.Errorf("row %d: status %q left beside value %q", i, r.Status, r.Value)
		}
		if r.Value == ".." { // null values with status "..": the symbol is the value
			missing++
			// Only detached houses ("02", Småhus) in regions 007, 010 and 011
			// are missing, for all eight quarters.
			if r.Dims["Boligtype"] != "02" || (r.Geo != "007" && r.Geo != "010" && r.Geo != "011") {
				t.Errorf("row %d: %+v", i, r)
			}
		} else if r.Value == "" {
			t.Errorf("row %d: empty value", i)
		}
	}
	if missing != 24 {
		t.Errorf("%d rows with value .., want 24", missing)
	}
	r := c.Rows[0]
	if r.Geo != "TOTAL" || r.Period != "2022K1" || r.Value != "136.2" || r.Unit != "indeks" || r.Series != "07221/Boligtype=01/ContentsCode=Boligindeks" {
		t.Errorf("first row = %+v", r)
	}
}

func TestRealGSOAreaPopulation(t *testing.T) {
	uri, b := readReal(t, "gso_pxweb_E02.01_area_population_density.json")
	if b[len(b)-1] != 0 {
		t.Fatal("the fixture no longer ends with a NUL byte; this test is about that")
	}
	c, err := decode(t, Decoder{}, uri, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 70*14*3 {
		t.Fatalf("%d rows, want 2940", len(c.Rows))
	}
	if v := c.Infos[0].Vintage; !v.IsZero() {
		t.Errorf("vintage %v from the 9999-12-31 placeholder, want zero", v)
	}
	got := map[string]string{}
	geos := map[string]bool{}
	for _, r := range c.Rows {
		geos[r.Geo] = true
		if r.Geo == "Ha Noi" && r.Period == "2023" {
			got[r.Dims["Items"]] = r.Value
			// Province and year are the place and period, not dimensions.
			if len(r.Dims) != 1 || !strings.HasSuffix(r.Origin.Key, "Cities, provincies=2,Year=12,Items="+r.Dims["Items"]) {
				t.Errorf("Hà Nội 2023: dims = %v, origin %q", r.Dims, r.Origin.Key)
			}
		}
	}
	want := map[string]string{"0": "3359.8354", "1": "8587.08095426282", "2": "2555.804059408035"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Hà Nội 2023 item %s = %q, want %q", k, got[k], v)
		}
	}
	if len(geos) != 70 || !geos[" WHOLE COUNTRY"] || !geos["Thai  Nguyen"] {
		t.Errorf("%d geographies (labels kept as written): %v", len(geos), geos)
	}
	r := c.Rows[121]
	if r.Series != c.Infos[0].Title+"/Items=Average population (Thous. pers.)" || r.SeriesName != c.Infos[0].Title+" / Average population (Thous. pers.)" {
		t.Errorf("series = %q / %q", r.Series, r.SeriesName)
	}
}

func TestRealPXWebNative(t *testing.T) {
	uri, b := readReal(t, "pxweb-v1-native-json-scb-BefolkningNy.json")
	c, err := decode(t, PXWebDecoder{}, uri, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 2 {
		t.Fatalf("%d rows, want 2", len(c.Rows))
	}
	for i, w := range []struct{ period, value string }{{"2016", "9995153"}, {"2017", "10120242"}} {
		r := c.Rows[i]
		if r.Geo != "00" || r.Period != w.period || r.Value != w.value || len(r.Dims) != 1 || r.Dims["Alder"] != "tot" ||
			r.Series != "Population by region, age, year and observations/Alder=tot/ContentsCode=BE0101N1" {
			t.Errorf("row %d = %+v", i, r)
		}
	}
	if i := c.Infos[0]; i.Publisher != "Statistics Sweden" || i.Vintage != time.Date(2025, 2, 21, 7, 0, 0, 0, time.UTC) {
		t.Errorf("info = %+v", i)
	}
}

// TestRealNotOurs feeds other formats' real payloads to the decoders by name
// (as a misconfigured source would): they must be refused, naming the file.
func TestRealNotOurs(t *testing.T) {
	for _, f := range []string{"worldbank-api-gdp.json", "sdmx-json-ecb-exr-time-series.json", "errors/worldbank-api-v2-error-invalid-indicator.json"} {
		uri, b := readReal(t, f)
		for _, d := range []extract.Decoder{Decoder{}, PXWebDecoder{}} {
			c, err := decode(t, d, uri, b)
			if err == nil || !strings.Contains(err.Error(), filepath.Base(uri)) || len(c.Rows) > 0 {
				t.Errorf("%s on %s: err = %v, %d rows", d.Name(), f, err, len(c.Rows))
			}
		}
	}
}
