package px

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

var realPX = []string{"pxweb-demo-TAB003.px", "pxweb-demo-TAB004.px", "scb_BE0101F1nildotsymbols.px", "scb_HA0201E8_quarterly.px"}

func TestRealSniffAndDetect(t *testing.T) {
	for _, f := range realPX {
		uri, b := readReal(t, f)
		if !(Decoder{}).Sniff(extract.Head(b)) {
			t.Errorf("%s: Sniff = false", f)
		}
		if d, err := extract.Detect(extract.NewPayload("t", uri, b, time.Now())); err != nil || d.Name() != Name {
			t.Errorf("%s: Detect = %v, %v", f, d, err)
		}
	}
	for _, f := range []string{"jsonstat-eurostat-gdp-italy.json", "pxweb-v1-native-json-scb-BefolkningNy.json", "worldbank-api-gdp.json",
		"gso-gdp-constant-2010-by-sector.csv", "sdmx-csv-ilo-UNE_DEAP_SEX_AGE_RT.csv", "sdmx-ml21-estat-nama10gdp-structurespecific.xml"} {
		_, b := readReal(t, f)
		if (Decoder{}).Sniff(extract.Head(b)) {
			t.Errorf("%s: Sniff = true", f)
		}
	}
}

// TestRealCounts checks every real PX file decodes to one row per cell of
// its STUB × HEADING matrix.
func TestRealCounts(t *testing.T) {
	tests := []struct {
		file              string
		rows              int
		title, publisher  string
		vintage           string
		firstKey, lastKey string
	}{
		{"pxweb-demo-TAB003.px", 9 * 34 * 2 * 4, "Disposal facilities by treatment category, waste category, contents and year", "Statistics Sweden", "2023-05-25 16:13",
			"DATA[0] TREATMENT_CAT=05,WASTE_CAT=01.1,ContentsCode=WasteHazard,TIME=2010", "DATA[2447] TREATMENT_CAT=90,WASTE_CAT=TOT,ContentsCode=WasteNonHazard,TIME=2016"},
		{"pxweb-demo-TAB004.px", 14 * 11 * 1 * 28, "Total air emissions by sector, greenhouse gas, contents and year", "Statistics Sweden", "2023-05-25 15:42",
			"DATA[0] SECTOR=0.1,GREENHOUSEGAS=CH4,ContentsCode=Emission,TIME=1990", "DATA[4311] SECTOR=9.0,GREENHOUSEGAS=SF6_CO2-ekv.,ContentsCode=Emission,TIME=2017"},
		{"scb_BE0101F1nildotsymbols.px", 4 * 3 * 1 * 2 * 2, "Migration by region, age, period, type and sex", "Statistics Sweden", "2004-02-12 16:28",
			"DATA[0] region=00,age=20,period=2003,type=BE0101F1,sex=1", "DATA[47] region=0115,age=22,period=2003,type=BE0101F2,sex=2"},
		{"scb_HA0201E8_quarterly.px", 9 * 13, "Volume of imports of goods, base year 2000=100, index by Commoditygroup SITC and period", "Statistics Sweden", "2009-06-04 09:58",
			"DATA[0] Commodity group SITC=0+1,period=2006K1", "DATA[116] Commodity group SITC=8+9,period=2009K1"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			uri, b := readReal(t, tt.file)
			c, err := decode(t, uri, b)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Rows) != tt.rows {
				t.Fatalf("%d rows, want %d", len(c.Rows), tt.rows)
			}
			i := c.Infos[0]
			if i.Title != tt.title || i.Publisher != tt.publisher || i.Vintage.Format("2006-01-02 15:04") != tt.vintage {
				t.Errorf("info = %+v", i)
			}
			if k := c.Rows[0].Origin.Key; k != tt.firstKey {
				t.Errorf("first key %q", k)
			}
			if k := c.Rows[len(c.Rows)-1].Origin.Key; k != tt.lastKey {
				t.Errorf("last key %q", k)
			}
			// Every cell is sent as written, numbers and symbols alike, as its
			// value; PX has no per-cell status here.
			for j, r := range c.Rows {
				if r.Value == "" || r.Status != "" || r.Origin.URI != uri || r.Origin.Row == 0 {
					t.Fatalf("row %d: value %q status %q origin %v", j, r.Value, r.Status, r.Origin)
				}
			}
		})
	}
}

func TestRealTAB003(t *testing.T) {
	uri, b := readReal(t, "pxweb-demo-TAB003.px")
	c, err := decode(t, uri, b)
	if err != nil {
		t.Fatal(err)
	}
	first, last := c.Rows[0], c.Rows[len(c.Rows)-1]
	if first.Value != "30" || first.Period != "2010" || first.Unit != "tonnes" || first.Series != "TAB003/TREATMENT_CAT=05/WASTE_CAT=01.1/ContentsCode=WasteHazard" ||
		first.SeriesName != "Disposal facilities / RECYCLING / spent solvents / Treated waste, hazardous (tonnes)" {
		t.Errorf("first row = %+v", first)
	}
	if last.Value != "5578000" || last.Period != "2016" {
		t.Errorf("last row = %+v", last)
	}
	// The English VALUES are read, never the Swedish translations.
	for _, r := range c.Rows {
		if strings.Contains(r.SeriesName, "MATERIALÅTERVINNING") || strings.Contains(r.SeriesName, "Hanterat avfall") {
			t.Fatalf("Swedish text in %q", r.SeriesName)
		}
	}
}

func TestRealTAB004Symbols(t *testing.T) {
	uri, b := readReal(t, "pxweb-demo-TAB004.px")
	c, err := decode(t, uri, b)
	if err != nil {
		t.Fatal(err)
	}
	symbols := 0
	for _, r := range c.Rows {
		if r.Value == ".." {
			symbols++
		}
	}
	if symbols == 0 || c.Rows[len(c.Rows)-1].Value != ".." || c.Rows[0].Value != "296860" {
		t.Errorf("%d cells \"..\"; first %+v; last %+v", symbols, c.Rows[0], c.Rows[len(c.Rows)-1])
	}
	// A DATA line is one STUB combination across all HEADING combinations:
	// the first line holds the 28 years of methane for the national total,
	// and the next line starts the next STUB combination.
	for i := 0; i < 28; i++ {
		r := c.Rows[i]
		if r.Origin.Row != c.Rows[0].Origin.Row || r.Period != strconv.Itoa(1990+i) || r.Dims["GREENHOUSEGAS"] != "CH4" {
			t.Errorf("cell %d: line %d period %s gas %s", i, r.Origin.Row, r.Period, r.Dims["GREENHOUSEGAS"])
		}
	}
	if r := c.Rows[28]; r.Origin.Row != c.Rows[0].Origin.Row+1 || r.Period != "1990" || r.Dims["GREENHOUSEGAS"] != "CH4_CO2-ekv." || r.Value != "7422" {
		t.Errorf("cell 28 = %+v", r)
	}
}

// TestRealNilDotSymbols checks the DATASYMBOL example file cell by cell
// where it holds symbols: its DATA rows are region × age, its columns
// period × type × sex.
func TestRealNilDotSymbols(t *testing.T) {
	uri, b := readReal(t, "scb_BE0101F1nildotsymbols.px")
	c, err := decode(t, uri, b)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(c.Rows))
	for i, r := range c.Rows {
		got[i] = r.Value + "|" + r.Status
	}
	// Symbols are sent as the cell's value as the file writes them, but for
	// DATASYMBOL1's ".", sent as ".." (see symbol).
	want := []string{
		"-|", "..|", "..|", "...|", // 00 Sweden, age 20
		"0|", "0|", "0|", "0|", // age 21
		"0|", "-|", "0|", "-|", // age 22
		"..|", "..|", "...|", "....|", // 01 Stockholm county, age 20
		"-|", "-|", "-|", "-|",
		"924|", "......|", "672|", "906|",
		"14|", "-|", "22|", "43|", // 0114 Upplands Väsby, age 20
	}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("cell %d = %q, want %q", i, got[i], w)
		}
	}
	if got[47] != "35|" {
		t.Errorf("last cell = %q", got[47])
	}
	r := c.Rows[21] // 01 Stockholm county, age 22, inmigrated, women
	// type is the CONTVARIABLE, named by the series code; region and period
	// are the place and the period: age and sex are the dimensions.
	if r.Geo != "01" || len(r.Dims) != 2 || r.Dims["age"] != "22" || r.Dims["sex"] != "2" || r.Period != "2003" ||
		r.Series != "BE0101F1/age=22/type=BE0101F1/sex=2" || r.SeriesName != "Migration / 22 / Inmigrated / women" || r.Unit != "number" {
		t.Errorf("row 21 = %+v", r)
	}
	if r.Origin.Row != 76 {
		t.Errorf("row 21 is on line %d of the file, want 76", r.Origin.Row)
	}
	symbols := 0
	for _, r := range c.Rows {
		if r.Value == "-" || strings.Trim(r.Value, ".") == "" {
			symbols++
		}
	}
	if symbols != 16 {
		t.Errorf("%d symbol cells, want 16", symbols)
	}
}

// TestRealLatin1Text checks the header text is converted from the file's
// code page, and that strings wrapped over lines are joined.
func TestRealLatin1Text(t *testing.T) {
	_, b := readReal(t, "scb_BE0101F1nildotsymbols.px")
	entries, _, _, err := parseHeader(b)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := textDecoder("", "ANSI", b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range entries {
		for j := range entries[i].items {
			entries[i].items[j], _ = conv(entries[i].items[j])
		}
		for j := range entries[i].subkeys {
			entries[i].subkeys[j], _ = conv(entries[i].subkeys[j])
		}
	}
	h, lang := newHeader(entries)
	if lang != "en" {
		t.Errorf("language %q", lang)
	}
	if v := h.list("VALUES", "region"); len(v) != 4 || v[2] != "0114 Upplands Väsby" {
		t.Errorf("VALUES(region) = %q", v)
	}
	if n := h.str("NOTE", "region"); !strings.Contains(n, "Parts of Södertälje municipality (code 0181) have formed a new municipality called Nykvarn (code 0140).") {
		t.Errorf("NOTE(region) = %q", n)
	}
	if d := h.str("DATASYMBOL1"); d != "n.a." {
		t.Errorf("DATASYMBOL1 = %q", d)
	}
}
