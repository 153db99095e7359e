package jsonstat

import (
	"errors"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
)

func TestPXWebNativeSmall(t *testing.T) {
	body := `{"columns":[
		{"code":"Tinh","text":"Tỉnh, thành phố","type":"d"},
		{"code":"Nam","text":"Năm","type":"t"},
		{"code":"DT","text":"Diện tích","type":"c","unit":"km2"},
		{"code":"DS","text":"Dân số","type":"c","unit":"nghìn người"}],
	 "comments":[],
	 "data":[
		{"key":["01","2023"],"values":["3359.8","8587.1"]},
		{"key":["01","2024"],"values":["..","-"]},
		{"key":["02","2024"],"values":[null, 12]},
		{"key":["03","2024"],"values":["x", "12"]}],
	 "metadata":[{"label":"Diện tích và dân số","source":"GSO","updated":"2025-07-23T00:00:00Z"}]}` + "\x00\n"
	c, err := decode(t, PXWebDecoder{}, "mem://e0201.json", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	type w struct{ series, geo, period, value, status, unit string }
	want := []w{
		{"Diện tích và dân số/ContentsCode=DT", "01", "2023", "3359.8", "", "km2"},
		{"Diện tích và dân số/ContentsCode=DS", "01", "2023", "8587.1", "", "nghìn người"},
		// Symbols are the value text, as in a CSV export of the table.
		{"Diện tích và dân số/ContentsCode=DT", "01", "2024", "..", "", "km2"},
		{"Diện tích và dân số/ContentsCode=DS", "01", "2024", "-", "", "nghìn người"},
		{"Diện tích và dân số/ContentsCode=DT", "02", "2024", "", "", "km2"},
		{"Diện tích và dân số/ContentsCode=DS", "02", "2024", "12", "", "nghìn người"},
		{"Diện tích và dân số/ContentsCode=DT", "03", "2024", "x", "", "km2"},
		{"Diện tích và dân số/ContentsCode=DS", "03", "2024", "12", "", "nghìn người"},
	}
	if len(c.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(c.Rows), len(want))
	}
	for i, x := range want {
		r := c.Rows[i]
		if got := (w{r.Series, r.Geo, r.Period, r.Value, r.Status, r.Unit}); got != x {
			t.Errorf("row %d: got %+v want %+v", i, got, x)
		}
		// Place, year and contents are all the series' or the row's own:
		// nothing is left for Dims.
		if len(r.Dims) != 0 {
			t.Errorf("row %d: dims %v, want none", i, r.Dims)
		}
	}
	if c.Infos[0].Title != "Diện tích và dân số" || c.Infos[0].Vintage.Year() != 2025 {
		t.Errorf("info %+v", c.Infos[0])
	}
	if k := c.Rows[3].Origin.Key; k != "data[1].values[1] Tinh=01,Nam=2024,ContentsCode=DS" {
		t.Errorf("origin key %q", k)
	}
}

func TestPXWebNativeErrors(t *testing.T) {
	cols := `"columns":[{"code":"Region","text":"region","type":"d"},{"code":"Tid","text":"year","type":"t"},{"code":"X","text":"x","type":"c"}]`
	tests := []struct {
		name string
		body string
		pos  bool // a DecodeError naming the data entry
	}{
		{"key too short", `{` + cols + `,"data":[{"key":["00","2016"],"values":["1"]},{"key":["00"],"values":["2"]}]}`, true},
		{"too many values", `{` + cols + `,"data":[{"key":["00","2016"],"values":["1","2"]}]}`, true},
		{"no contents column", `{"columns":[{"code":"Region","text":"region","type":"d"}],"data":[]}`, false},
		{"truncated", `{` + cols + `,"data":[{"key":["00","2016"],"values":["1"]`, false},
		{"values not strings or numbers", `{` + cols + `,"data":[{"key":["00","2016"],"values":[["1"]]}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decode(t, PXWebDecoder{}, "https://api.scb.se/x", []byte(tt.body))
			if err == nil || !strings.Contains(err.Error(), "https://api.scb.se/x") {
				t.Fatalf("err = %v", err)
			}
			var de *extract.DecodeError
			if tt.pos && (!errors.As(err, &de) || !strings.HasPrefix(de.Origin.Key, "data[")) {
				t.Errorf("err = %v, want a DecodeError at a data entry", err)
			}
			if len(c.Rows) > 0 || len(c.Infos) > 0 {
				t.Errorf("%d rows sent before the error", len(c.Rows))
			}
		})
	}
}

func TestIsSymbol(t *testing.T) {
	for s, want := range map[string]bool{".": true, "..": true, "......": true, "-": true, ":": true, "…": true, "": false, "1.5": false, "-1": false, "n.a.": false} {
		if got := isSymbol(s); got != want {
			t.Errorf("isSymbol(%q) = %v", s, got)
		}
	}
}
