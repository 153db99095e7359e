package px

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"CHARSET=\"ANSI\";\r\nAXIS-VERSION=\"2000\";\r\n", true},
		{"AXIS-VERSION=\"2010\";\nCODEPAGE=\"utf-8\";", true},
		{"MATRIX=\"E0201\";\nTITLE=\"Diện tích\";", true},
		{"TITLE[vi]=\"Dân số\";", true},
		{"DECIMALS=1;", true},
		{"CHARSET=\"ANSI\"", false}, // no ';' in sight
		{"charset=\"ANSI\";", false},
		{"CHARSET,LANGUAGE\n1,2\n", false},
		{"TITLE is the name;", false},
		{"FOO=\"bar\";", false},
		{`{"CHARSET":"ANSI"}`, false},
		{"<html><body>CHARSET=\"ANSI\";</body></html>", false},
		{"TITLE={\"a\":1};", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := (Decoder{}).Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q) = %v, want %v", tt.head, got, tt.want)
		}
	}
}

// small is a PX file written for these tests: UTF-8, two STUB and two
// HEADING variables, a contents variable with a unit each, a translation
// that must be ignored, texts wrapped over lines, and data symbols.
const small = `CHARSET="ANSI";
AXIS-VERSION="2013";
CODEPAGE="utf-8";
LANGUAGE="vi";
LANGUAGES="vi","en";
MATRIX="E0201";
TITLE="Diện tích và dân số theo tỉnh, "
"chỉ tiêu và năm";
CONTENTS="Diện tích, dân số";
UNITS="đơn vị";
SOURCE="Tổng cục Thống kê";
LAST-UPDATED("Dân số")="20250723 10:15";
LAST-UPDATED("Diện tích")="20240101 08:00";
STUB="Tỉnh, thành phố","Chỉ tiêu";
HEADING="Năm",
"Nguồn";
STUB[en]="Province","Item";
CONTVARIABLE="Chỉ tiêu";
VARIABLECODE("Tỉnh, thành phố")="TINH";
VALUES("Tỉnh, thành phố")="Hà Nội","Hải Phòng";
CODES("Tỉnh, thành phố")="01","31";
VALUES[en]("Province")="Ha Noi","Hai Phong";
VALUES("Chỉ tiêu")="Diện tích","Dân số";
CODES("Chỉ tiêu")="DT","DS";
VALUES("Năm")="2023","2024";
TIMEVAL("Năm")=TLIST(A1,"2023"-"2024");
VALUES("Nguồn")="TCTK";
UNITS("Dân số")="nghìn người";
UNITS("Diện tích")="km2";
DATASYMBOL2="không có số liệu";
DATA=
3359.8 3359.84
8587.1 ".."
1526.5,1527.4
"-" 2130.0
;
`

func TestDecodeSmall(t *testing.T) {
	c, err := decode(t, "mem://e0201.px", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Infos) != 1 {
		t.Fatalf("Describe called %d times", len(c.Infos))
	}
	info := c.Infos[0]
	if info.Title != "Diện tích và dân số theo tỉnh, chỉ tiêu và năm" || info.Publisher != "Tổng cục Thống kê" ||
		info.Vintage.Format("2006-01-02 15:04") != "2025-07-23 10:15" {
		t.Errorf("info = %+v", info)
	}
	type w struct{ series, geo, period, value, status, unit, name string }
	want := []w{
		{"E0201/Chỉ tiêu=DT/Nguồn=TCTK", "01", "2023", "3359.8", "", "km2", "Diện tích, dân số / Diện tích / TCTK"},
		{"E0201/Chỉ tiêu=DT/Nguồn=TCTK", "01", "2024", "3359.84", "", "km2", "Diện tích, dân số / Diện tích / TCTK"},
		{"E0201/Chỉ tiêu=DS/Nguồn=TCTK", "01", "2023", "8587.1", "", "nghìn người", "Diện tích, dân số / Dân số / TCTK"},
		{"E0201/Chỉ tiêu=DS/Nguồn=TCTK", "01", "2024", "..", "", "nghìn người", "Diện tích, dân số / Dân số / TCTK"},
		{"E0201/Chỉ tiêu=DT/Nguồn=TCTK", "31", "2023", "1526.5", "", "km2", "Diện tích, dân số / Diện tích / TCTK"},
		{"E0201/Chỉ tiêu=DT/Nguồn=TCTK", "31", "2024", "1527.4", "", "km2", "Diện tích, dân số / Diện tích / TCTK"},
		{"E0201/Chỉ tiêu=DS/Nguồn=TCTK", "31", "2023", "-", "", "nghìn người", "Diện tích, dân số / Dân số / TCTK"},
		{"E0201/Chỉ tiêu=DS/Nguồn=TCTK", "31", "2024", "2130.0", "", "nghìn người", "Diện tích, dân số / Dân số / TCTK"},
	}
	if len(c.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(c.Rows), len(want))
	}
	for i, x := range want {
		r := c.Rows[i]
		if got := (w{r.Series, r.Geo, r.Period, r.Value, r.Status, r.Unit, r.SeriesName}); got != x {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got, x)
		}
	}
	r := c.Rows[3]
	// TINH is the place and Năm the period; Chỉ tiêu, the CONTVARIABLE, is
	// named by the series code: only Nguồn is left as a dimension.
	if len(r.Dims) != 1 || r.Dims["Nguồn"] != "TCTK" {
		t.Errorf("dims = %v, want Nguồn only", r.Dims)
	}
	if r.Origin.URI != "mem://e0201.px" || r.Origin.Row != 33 || r.Origin.Key != "DATA[3] TINH=01,Chỉ tiêu=DS,Năm=2024,Nguồn=TCTK" {
		t.Errorf("origin = %+v", r.Origin)
	}
}

func TestDecodeVariants(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string // "series|geo|period|value|status|unit"
	}{
		{
			name: "ANSI text, no CODES, roles guessed from names, negative and exponent values kept as written",
			body: "CHARSET=\"ANSI\";\nMATRIX=\"T1\";\nUNITS=\"st\";\nSTUB=\"region\";\nHEADING=\"year\";\n" +
				"VALUES(\"region\")=\"V\xe4sby\";\nVALUES(\"year\")=\"2020\",\"2021\";\nDATA=\n-1.5 2E3;",
			want: []string{"T1|Väsby|2020|-1.5||st", "T1|Väsby|2021|2E3||st"},
		},
		{
			name: "CODEPAGE iso-8859-1 wins over CHARSET; only HEADING; VARIABLE-TYPE marks time",
			body: "CHARSET=\"ANSI\";\nCODEPAGE=\"iso-8859-1\";\nMATRIX=\"T2\";\nHEADING=\"k\xf6n\",\"tid\";\n" +
				"VALUES(\"k\xf6n\")=\"m\xe4n\";\nCODES(\"k\xf6n\")=\"1\";\nVALUES(\"tid\")=\"2020M01\";\nVARIABLE-TYPE(\"tid\")=\"T\";\nDATA=\n\"....\";",
			want: []string{"T2/kön=1||2020M01|....||"},
		},
		{
			name: "bare symbols are sent like quoted ones; DATA with tabs and CRLF",
			body: "MATRIX=\"T3\";\r\nSTUB=\"a\";\r\nHEADING=\"b\";\r\nVALUES(\"a\")=\"x\",\"y\";\r\nVALUES(\"b\")=\"z\";\r\nDATA=\r\n..\t-\r\n;",
			want: []string{"T3/a=x/b=z|||..||", "T3/a=y/b=z|||-||"},
		},
		{
			name: "empty matrix",
			body: "MATRIX=\"T4\";\nSTUB=\"a\";\nVALUES(\"a\")=;\nDATA=\n;",
		},
		{
			name: "KEYS: sparse rows keyed by code and by value",
			body: "MATRIX=\"T5\";\nSTUB=\"region\",\"age\";\nHEADING=\"year\";\n" +
				"VALUES(\"region\")=\"Ha Noi\",\"Hue\";\nCODES(\"region\")=\"01\",\"46\";\nVALUES(\"age\")=\"15-24\",\"25+\";\n" +
				"VALUES(\"year\")=\"2023\",\"2024\";\nKEYS(\"region\")=CODES;\nKEYS(\"age\")=VALUES;\nDATA=\n" +
				"\"46\",\"25+\",7 8\n\"01\",\"15-24\",1 \"..\"\n;",
			want: []string{"T5/age=25+|46|2023|7||", "T5/age=25+|46|2024|8||", "T5/age=15-24|01|2023|1||", "T5/age=15-24|01|2024|..||"},
		},
		{
			name: "KEYS by value in the file's code page",
			body: "CHARSET=\"ANSI\";\nMATRIX=\"T6\";\nSTUB=\"region\";\nHEADING=\"year\";\n" +
				"VALUES(\"region\")=\"V\xe4sby\",\"Solna\";\nCODES(\"region\")=\"0114\",\"0184\";\nVALUES(\"year\")=\"2023\";\n" +
				"KEYS(\"region\")=VALUES;\nDATA=\n\"V\xe4sby\",5\n;",
			want: []string{"T6|0114|2023|5||"},
		},
		{
			name: "KEYS with STUB only",
			body: "MATRIX=\"T7\";\nSTUB=\"a\";\nVALUES(\"a\")=\"x\",\"y\";\nKEYS(\"a\")=VALUES;\nDATA=\n\"y\",1;",
			want: []string{"T7/a=y|||1||"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decode(t, "mem://v.px", []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range c.Rows {
				got = append(got, strings.Join([]string{r.Series, r.Geo, r.Period, r.Value, r.Status, r.Unit}, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	const head = "MATRIX=\"T\";\nSTUB=\"a\";\nHEADING=\"b\";\nVALUES(\"a\")=\"x\",\"y\";\nVALUES(\"b\")=\"1\",\"2\",\"3\";\n"
	tests := []struct {
		name string
		body string
		is   error
	}{
		{"too few DATA values", head + "DATA=\n1 2 3\n4 5;", ErrCount},
		{"too many DATA values", head + "DATA=\n1 2 3\n4 5 6 7;", ErrCount},
		{"truncated: no ';' and values missing", head + "DATA=\n1 2 3\n4", ErrCount},
		{"no DATA", head, errNoData},
		{"no STUB or HEADING", "MATRIX=\"T\";\nDATA=\n1;", ErrHeader},
		{"VALUES missing", "MATRIX=\"T\";\nSTUB=\"a\";\nDATA=\n1;", ErrHeader},
		{"CODES and VALUES differ in length", head + "CODES(\"a\")=\"1\";\nDATA=\n1 2 3 4 5 6;", ErrHeader},
		{"variable listed twice", "MATRIX=\"T\";\nSTUB=\"a\";\nHEADING=\"a\";\nVALUES(\"a\")=\"x\";\nDATA=\n1;", ErrHeader},
		{"unknown CODEPAGE", "CODEPAGE=\"klingon-1\";\n" + head + "DATA=\n1 2 3 4 5 6;", ErrHeader},
		{"string not closed in header", "MATRIX=\"T;\nSTUB=\"a\";\n", nil},
		{"statement without '='", "MATRIX \"T\";\n", nil},
		{"string not closed in DATA", head + "DATA=\n1 2 3 4 5 \"..;", nil},
		{"KEYS with an unknown key", "MATRIX=\"T\";\nSTUB=\"a\";\nHEADING=\"b\";\nVALUES(\"a\")=\"x\";\nVALUES(\"b\")=\"1\";\nKEYS(\"a\")=VALUES;\nDATA=\n\"w\",5\n;", ErrCount},
		{"KEYS with an empty HEADING variable", "MATRIX=\"T\";\nSTUB=\"a\";\nHEADING=\"b\";\nVALUES(\"a\")=\"x\";\nVALUES(\"b\")=;\nKEYS(\"a\")=VALUES;\nDATA=\n;", ErrHeader},
		{"KEYS neither CODES nor VALUES", "MATRIX=\"T\";\nSTUB=\"a\";\nVALUES(\"a\")=\"x\";\nKEYS(\"a\")=NAMES;\nDATA=\n\"x\",5;", ErrHeader},
	}
	const uri = "/data/gso/E0201.px"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decode(t, uri, []byte(tt.body))
			if err == nil {
				t.Fatalf("no error; %d rows", len(c.Rows))
			}
			if !strings.Contains(err.Error(), uri) {
				t.Errorf("error does not name the file: %v", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not wrap %v", err, tt.is)
			}
			if len(c.Rows) > 0 || len(c.Infos) > 0 {
				t.Errorf("%d rows sent before the error", len(c.Rows))
			}
		})
	}
}

func TestCountErrorMessage(t *testing.T) {
	body := "MATRIX=\"T\";\nSTUB=\"region\";\nHEADING=\"year\";\nVALUES(\"region\")=\"a\",\"b\";\nVALUES(\"year\")=\"1\",\"2\";\nDATA=\n1 2 3;"
	_, err := decode(t, "f.px", []byte(body))
	want := "f.px: DATA holds 3 values, but STUB region 2, HEADING year 2 make 4 cells"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want it to start with %q", err, want)
	}
	var de *extract.DecodeError
	_, err = decode(t, "g.px", []byte("MATRIX=\"T\";\nTITLE=\"x\n"))
	if !errors.As(err, &de) || de.Origin.URI != "g.px" {
		t.Errorf("err = %#v, want a DecodeError naming g.px", err)
	}
}

func TestSinkErrorAndCancel(t *testing.T) {
	c := &collector{Limit: 2}
	err := Decoder{}.Decode(context.Background(), payload("x.px", []byte(small)), c)
	if !errors.Is(err, errFull) || len(c.Rows) != 2 {
		t.Errorf("err = %v, %d rows", err, len(c.Rows))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (Decoder{}).Decode(ctx, payload("x.px", []byte(small)), &collector{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestRegistered(t *testing.T) {
	d, err := extract.ByName(Name)
	if err != nil || d.Name() != Name {
		t.Fatalf("ByName = %v, %v", d, err)
	}
	if d, err := extract.Detect(payload("x.px", []byte("\ufeff"+small))); err != nil || d.Name() != Name {
		t.Errorf("Detect = %v, %v", d, err)
	}
}
