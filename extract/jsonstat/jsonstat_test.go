package jsonstat

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name      string
		head      string
		jsonstat  bool
		pxwebJSON bool
	}{
		{"json-stat 2.0", `{"version":"2.0","class":"dataset","id":["a"],"size":[1],"dimension":{},"value":[1]}`, true, false},
		{"json-stat 2.0 class only, truncated", `{"class":"dataset","label":"Befolkning","id":["Vuo`, true, false},
		{"json-stat 2.0 collection", `{"version":"2.0","class":"collection","link":{"item":[]}}`, true, false},
		{"json-stat 2.0 without class", `{"id":["a"],"size":[1],"dimension":{"a":{}},"value":[1]}`, true, false},
		{"json-stat 1.x dataset wrapper", `{"dataset":{"dimension":{"id":["a"]`, true, false},
		{"json-stat 1.x dataset, value first", `{"dataset":{"value":[1,2],"dimension":{`, true, false},
		{"json-stat 1.x bundle", `{"nama_gdp_c":{"wsVersion":"V1_1","value":[null,1],"dimension":{"id":["time"]}}}`, true, false},
		{"json-stat 1.x bundle, head ends inside a long status", eurostatHead(), true, false},
		{"other object with a value and no dataset members", `{"result":{"value":[1,2],"count":2}}`, false, false},
		{"pxweb native json", `{"columns":[{"code":"Region","text":"region","type":"d"}],"comments":[],"data":[`, false, true},
		{"world bank page", `[{"page":1,"pages":1,"per_page":50,"total":2},[{"indicator":{"id":"NY.GDP.MKTP.CD"}}]]`, false, false},
		{"world bank error", `[{"message":[{"id":"120","key":"Invalid value"}]}]`, false, false},
		{"sdmx-json 1.0", `{"header":{"id":"x"},"dataSets":[{"series":{}}],"structure":{"dimensions":{}}}`, false, false},
		{"sdmx-json 2.x", `{"meta":{"id":"IT1001"},"data":{"dataSets":[],"structures":[]}}`, false, false},
		{"other object with a dataset", `{"dataset":"x","value":1}`, false, false},
		{"other nested object", `{"config":{"name":"x","value":[1]}}`, false, false},
		{"columns not objects", `{"columns":["a","b"],"data":[[1,2]]}`, false, false},
		{"csv", "a,b\n1,2\n", false, false},
		{"empty", ``, false, false},
		{"null", `null`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Decoder{}).Sniff([]byte(tt.head)); got != tt.jsonstat {
				t.Errorf("jsonstat Sniff = %v, want %v", got, tt.jsonstat)
			}
			if got := (PXWebDecoder{}).Sniff([]byte(tt.head)); got != tt.pxwebJSON {
				t.Errorf("pxweb-json Sniff = %v, want %v", got, tt.pxwebJSON)
			}
		})
	}
}

// want is the part of a row the small-input tests check.
type want struct {
	series, geo, period, value, status, unit string
	dims                                     string // "id=code,…" sorted by id; "" for none
}

// eurostatHead is the first 4 KiB of a large Eurostat legacy bundle: the
// status list fills the head before "dimension" is reached.
func eurostatHead() string {
	h := `{"nama_10_gdp":{"wsVersion":"V1_1","code":"nama_10_gdp","language":"EN","title":"GDP","lastUpdateDate":1446764400000,"status":{"value":[`
	h += strings.Repeat(`":",`, 1100)
	return h[:4096]
}

// rowDims renders every entry of a row's Dims, sorted by id.
func rowDims(r extract.RawRow) string {
	parts := make([]string, 0, len(r.Dims))
	for id, code := range r.Dims {
		parts = append(parts, id+"="+code)
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

func TestDecodeSmall(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		title string
		rows  []want
	}{
		{
			name: "2.0, index arrays, roles, units, status string, row-major order",
			body: `{"version":"2.0","class":"dataset","label":"GDP","source":"GSO","updated":"2024-03-01",
				"id":["indicator","geo","time"],"size":[2,1,2],
				"role":{"time":["time"],"geo":["geo"],"metric":["indicator"]},
				"dimension":{
				 "indicator":{"label":"Indicator","category":{"index":["GDP","POP"],"label":{"GDP":"Gross domestic product","POP":"Population"},
				   "unit":{"GDP":{"label":"billion VND","decimals":1},"POP":{"base":"thousand persons"}}}},
				 "geo":{"category":{"index":["01"],"label":{"01":"Hà Nội"}}},
				 "time":{"category":{"index":["2022","2023"]}}},
				"value":[1.5e3, 1196.1, 8435.7, null],"status":"p"}`,
			title: "GDP",
			rows: []want{
				// indicator is the metric, already the series' code: no Dims.
				{"GDP/indicator=GDP", "01", "2022", "1500", "p", "billion VND", ""},
				{"GDP/indicator=GDP", "01", "2023", "1196.1", "p", "billion VND", ""},
				{"GDP/indicator=POP", "01", "2022", "8435.7", "p", "thousand persons", ""},
				{"GDP/indicator=POP", "01", "2023", "", "p", "thousand persons", ""},
			},
		},
		{
			name: "1.x dataset wrapper, index objects out of order, sparse value object, status array, roles guessed",
			body: `{"dataset":{"label":"Employment","dimension":{
				"id":["Region","sex","Year"],"size":[2,1,2],
				"Region":{"category":{"index":{"02":1,"01":0}}},
				"sex":{"category":{"index":{"T":0},"label":{"T":"Total"}}},
				"Year":{"category":{"index":{"2021":0,"2022":1}}}},
				"value":{"0":10,"3":"12.50"},"status":[null,"..","..",null]}}`,
			title: "Employment",
			rows: []want{
				// A null value with a symbol for status: the symbol is the value.
				{"Employment/sex=T", "01", "2021", "10", "", "", "sex=T"},
				{"Employment/sex=T", "01", "2022", "..", "", "", "sex=T"},
				{"Employment/sex=T", "02", "2021", "..", "", "", "sex=T"},
				{"Employment/sex=T", "02", "2022", "12.50", "", "", "sex=T"},
			},
		},
		{
			name: "GSO style: codes are positions, labels carry the meaning; NUL at the end",
			body: `{"dataset":{"dimension":{
				"Cities, provincies":{"label":"Cities, provincies","category":{"index":{"0":0,"1":1},"label":{"0":" WHOLE COUNTRY","1":"Ha Noi"}}},
				"Year":{"label":"Year","category":{"index":{"0":0,"1":1},"label":{"0":"2023","1":"2024"}}},
				"Items":{"label":"Items","category":{"index":{"0":0},"label":{"0":"Area (Km2)"}}},
				"id":["Cities, provincies","Year","Items"],"size":[2,2,1],"role":{}},
				"label":"Area","source":null,"updated":"9999-12-31T16:59:59Z",
				"value":[331345.7,331344.3,3359.84,3359.8354],"status":{"3":"e"}}}` + "\x00",
			title: "Area",
			rows: []want{
				{"Area/Items=Area (Km2)", " WHOLE COUNTRY", "2023", "331345.7", "", "", "Items=0"},
				{"Area/Items=Area (Km2)", " WHOLE COUNTRY", "2024", "331344.3", "", "", "Items=0"},
				{"Area/Items=Area (Km2)", "Ha Noi", "2023", "3359.84", "", "", "Items=0"},
				{"Area/Items=Area (Km2)", "Ha Noi", "2024", "3359.8354", "e", "", "Items=0"},
			},
		},
		{
			name: "codes that look numeric but are not positions stay codes",
			body: `{"dataset":{"label":"NQQ","dimension":{"id":["Sector","Quarter"],"size":[2,1],"role":{"time":["Quarter"]},
				"Sector":{"category":{"index":{"0":0,"01":1},"label":{"0":"All Sectors","01":"Agriculture"}}},
				"Quarter":{"category":{"index":{"1997Q1":0}}}},"value":[19960,1004]}}`,
			title: "NQQ",
			rows: []want{
				{"NQQ/Sector=0", "", "1997Q1", "19960", "", "", "Sector=0"},
				{"NQQ/Sector=01", "", "1997Q1", "1004", "", "", "Sector=01"},
			},
		},
		{
			name: "single category without index, table id from extension, unit from extension",
			body: `{"version":"2.0","class":"dataset","label":"Long label","id":["c","tid"],"size":[1,2],
				"extension":{"px":{"tableid":"TAB1","unit":"tonnes"}},
				"dimension":{"c":{"category":{"label":{"X":"Only"}}},"tid":{"category":{"index":["2020","2021"]}}},
				"value":[0,-0.5]}`,
			title: "Long label",
			rows: []want{
				{"TAB1/c=X", "", "2020", "0", "", "tonnes", "c=X"},
				{"TAB1/c=X", "", "2021", "-0.5", "", "tonnes", "c=X"},
			},
		},
		{
			name: "1.x bundle of two datasets, Eurostat unit dimension",
			body: `{"a":{"label":"A","dimension":{"id":["unit","time"],"size":[1,1],
				   "unit":{"category":{"index":{"MIO_EUR":0},"label":{"MIO_EUR":"Million euro"}}},"time":{"category":{"index":{"2020":0}}}},"value":[7]},
				 "b":{"label":"B","dimension":{"id":["time"],"size":[1],"time":{"category":{"index":["2021"]}}},"value":[8]}}`,
			title: "A",
			rows: []want{
				{"a/unit=MIO_EUR", "", "2020", "7", "", "Million euro", "unit=MIO_EUR"},
				{"b", "", "2021", "8", "", "", ""},
			},
		},
		{
			name:  "1.x bundle marked as such",
			body:  `{"class":"bundle","x":{"label":"X","dimension":{"id":["time"],"size":[1],"time":{"category":{"index":["2020"]}}},"value":[3]}}`,
			title: "X",
			rows:  []want{{"x", "", "2020", "3", "", "", ""}},
		},
		{
			name: "2.0 collection with an embedded dataset and a link",
			body: `{"version":"2.0","class":"collection","link":{"item":[
				{"class":"dataset","href":"https://example.org/other"},
				{"class":"dataset","label":"Embedded","id":["time"],"size":[1],"dimension":{"time":{"category":{"index":["2020"]}}},"value":[1]}]}}`,
			title: "Embedded",
			rows:  []want{{"Embedded", "", "2020", "1", "", "", ""}},
		},
		{
			name:  "status list of one entry applies to every cell",
			body:  `{"version":"2.0","class":"dataset","label":"S","id":["Tid"],"size":[2],"dimension":{"Tid":{"category":{"index":["2022K1","2022K2"]}}},"value":[null,1],"status":[".."]}`,
			title: "S",
			rows: []want{
				{"S", "", "2022K1", "..", "", "", ""},
				{"S", "", "2022K2", "1", "..", "", ""},
			},
		},
		{
			name: "zero cells",
			body: `{"version":"2.0","class":"dataset","id":["time"],"size":[0],"dimension":{"time":{"category":{"index":[]}}},"value":[]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decode(t, Decoder{}, "mem://small.json", []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Infos) != 1 {
				t.Fatalf("Describe called %d times, want once", len(c.Infos))
			}
			if c.Infos[0].Title != tt.title {
				t.Errorf("title = %q, want %q", c.Infos[0].Title, tt.title)
			}
			if len(c.Rows) != len(tt.rows) {
				t.Fatalf("%d rows, want %d: %+v", len(c.Rows), len(tt.rows), c.Rows)
			}
			for i, w := range tt.rows {
				r := c.Rows[i]
				got := want{r.Series, r.Geo, r.Period, r.Value, r.Status, r.Unit, rowDims(r)}
				if got != w {
					t.Errorf("row %d:\n got %+v\nwant %+v", i, got, w)
				}
				if r.Origin.URI != "mem://small.json" || !strings.Contains(r.Origin.Key, "value[") {
					t.Errorf("row %d: origin %v", i, r.Origin)
				}
			}
		})
	}
}

func TestDecodeInfo(t *testing.T) {
	body := `{"version":"2.0","class":"dataset","label":"L","source":"Statistics Norway","updated":"2024-01-12T07:00:00Z",
		"id":["Tid"],"size":[1],"dimension":{"Tid":{"category":{"index":["2020"]}}},"value":[1]}`
	c, err := decode(t, Decoder{}, "mem://x", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	i := c.Infos[0]
	if i.Publisher != "Statistics Norway" || i.Vintage.Format("2006-01-02T15:04:05Z07:00") != "2024-01-12T07:00:00Z" {
		t.Errorf("info = %+v", i)
	}
	if r := c.Rows[0]; r.SeriesName != "L" || r.Series != "L" || r.Period != "2020" {
		t.Errorf("row = %+v (Tid should be guessed as the time dimension)", r)
	}
}

func TestDecodeErrors(t *testing.T) {
	dimT := `"dimension":{"t":{"category":{"index":["2020","2021"]}}}`
	tests := []struct {
		name  string
		body  string
		shape bool // errors.Is(err, ErrShape)
	}{
		{"value array shorter than sizes", `{"version":"2.0","class":"dataset","id":["t","u"],"size":[2,1],"dimension":{"t":{"category":{"index":["2020","2021"]}},"u":{"category":{"index":["a"]}}},"value":[5]}`, true},
		{"value array longer than sizes", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `,"value":[1,2,3]}`, true},
		{"size disagrees with index", `{"version":"2.0","class":"dataset","id":["t"],"size":[3],` + dimT + `,"value":[1,2,3]}`, true},
		{"fewer sizes than ids", `{"version":"2.0","class":"dataset","id":["t","u"],"size":[2],` + dimT + `,"value":[1,2]}`, true},
		{"status array of the wrong length", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `,"value":[1,2],"status":["a","b","c"]}`, true},
		{"value array of one entry for two cells", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `,"value":[1]}`, true},
		{"sparse value with an unknown index", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `,"value":{"0":1,"2":5}}`, true},
		{"sparse value with a non-numeric key", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `,"value":{"a":1}}`, true},
		{"sparse status with an unknown index", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `,"value":[1,2],"status":{"-1":"x"}}`, true},
		{"index position out of range", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],"dimension":{"t":{"category":{"index":{"a":0,"b":2}}}},"value":[1,2]}`, true},
		{"index position repeated", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],"dimension":{"t":{"category":{"index":{"a":0,"b":0}}}},"value":[1,2]}`, true},
		{"code indexed twice", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],"dimension":{"t":{"category":{"index":["a","a"]}}},"value":[1,2]}`, true},
		{"dimension listed but not described", `{"version":"2.0","class":"dataset","id":["t","u"],"size":[2,1],` + dimT + `,"value":[1,2]}`, true},
		{"no ids", `{"dataset":{"dimension":{},"value":[]}}`, true},
		{"no value", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `}`, true},
		{"value is a number", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `,"value":3}`, true},
		{"cell is an object", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `,"value":[1,{}]}`, false},
		{"too many cells", `{"version":"2.0","class":"dataset","id":["a","b"],"size":[17000,17000],"dimension":{"a":{"category":{"index":[` + codes(17000) + `]}},"b":{"category":{"index":[` + codes(17000) + `]}}},"value":{}}`, true},
		{"truncated JSON", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `,"value":[1,`, false},
		{"not JSON", `<?xml version="1.0"?><x/>`, false},
		{"an array", `[1,2]`, false},
		{"garbage after the object", `{"version":"2.0","class":"dataset","id":["t"],"size":[2],` + dimT + `,"value":[1,2]} x`, false},
		{"a second object", `{"dataset":{}} {"dataset":{}}`, false},
		{"a dimension document", `{"version":"2.0","class":"dimension","label":"x","category":{}}`, false},
		{"collection of links only", `{"version":"2.0","class":"collection","link":{"item":[{"class":"dataset","href":"https://x"}]}}`, false},
		{"object without datasets", `{"a":1}`, false},
		{"an error answer", `{"error":{"status":"400","id":"100","label":"Dataset contains no data. One or more filtering elements are invalid."}}`, false},
		{"size is not a number", `{"version":"2.0","class":"dataset","id":["t"],"size":["two"],` + dimT + `,"value":[1,2]}`, false},
	}
	const uri = "https://example.org/bad.json"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decode(t, Decoder{}, uri, []byte(tt.body))
			if err == nil {
				t.Fatalf("no error; %d rows", len(c.Rows))
			}
			if !strings.Contains(err.Error(), uri) {
				t.Errorf("error does not name the payload: %v", err)
			}
			if tt.shape && !errors.Is(err, ErrShape) {
				t.Errorf("error does not wrap ErrShape: %v", err)
			}
			if len(c.Rows) != 0 || len(c.Infos) != 0 {
				t.Errorf("%d rows and %d infos sent before the error", len(c.Rows), len(c.Infos))
			}
		})
	}
}

func codes(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"c%d"`, i)
	}
	return b.String()
}

func TestDecodeTruncatedIsDecodeError(t *testing.T) {
	_, err := decode(t, Decoder{}, "f.json", []byte(`{"dataset":{"value":[1,2,}}`))
	var de *extract.DecodeError
	if !errors.As(err, &de) || de.Origin.URI != "f.json" || !strings.HasPrefix(de.Origin.Key, "byte ") {
		t.Fatalf("err = %#v, want a DecodeError with a byte offset", err)
	}
}

func TestSinkErrorStopsDecode(t *testing.T) {
	body := `{"version":"2.0","class":"dataset","id":["t"],"size":[3],"dimension":{"t":{"category":{"index":["a","b","c"]}}},"value":[1,2,3]}`
	c := &collector{Limit: 1}
	err := Decoder{}.Decode(context.Background(), payload("x", []byte(body)), c)
	if !errors.Is(err, errFull) || len(c.Rows) != 1 {
		t.Fatalf("err = %v, rows = %d", err, len(c.Rows))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (Decoder{}).Decode(ctx, payload("x", []byte(body)), &collector{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: err = %v", err)
	}
}

func TestRegistered(t *testing.T) {
	for _, name := range []string{Name, PXWebName} {
		d, err := extract.ByName(name)
		if err != nil || d.Name() != name {
			t.Errorf("ByName(%q) = %v, %v", name, d, err)
		}
	}
}

// TestVariants: "size" written as strings (CSO Ireland's API) is read as
// numbers; a null value flagged "." (Statistics Norway: not applicable)
// is sent empty, so it loads as missing, with "." as its status, while a
// null flagged ".." keeps the marker as its value.
func TestVariants(t *testing.T) {
	body := `{"version":"2.0","class":"dataset","id":["geo","time"],"size":["1","3"],
	"role":{"geo":["geo"],"time":["time"]},
	"dimension":{"geo":{"category":{"index":["01"]}},"time":{"category":{"index":["2022","2023","2024"]}}},
	"value":[1.5,null,null],"status":{"1":".","2":".."}}`
	c, err := decode(t, Decoder{}, "ssb.json", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 3 {
		t.Fatalf("%d rows, want 3", len(c.Rows))
	}
	want := [][2]string{{"1.5", ""}, {"", "."}, {"..", ""}}
	for i, w := range want {
		if r := c.Rows[i]; r.Value != w[0] || r.Status != w[1] {
			t.Errorf("row %d: value %q status %q, want %q %q", i, r.Value, r.Status, w[0], w[1])
		}
	}
}
