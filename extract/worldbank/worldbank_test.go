package worldbank

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/extracttest"
)

// Compile-time conformance.
var _ extract.Decoder = Decoder{}

const realDir = extracttest.RealDir

// sink collects what a decoder sends.
type sink = extracttest.Sink

func decode(t *testing.T, uri string, body []byte) (*sink, error) {
	t.Helper()
	s := &sink{}
	err := Decoder{}.Decode(context.Background(), extract.NewPayload("wb", uri, body, time.Now()), s)
	return s, err
}

func readReal(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(realDir, name))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("real fixture %s not present (shared/fixtures/real is not checked out next to the project)", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const onePage = `[{"page":1,"pages":2,"per_page":2,"total":3,"sourceid":"2","lastupdated":"2024-06-28"},
[{"indicator":{"id":"NY.GDP.MKTP.CD","value":"GDP (current US$)"},"country":{"id":"VN","value":"Viet Nam"},"countryiso3code":"VNM","date":"2023","value":429716969043.88,"unit":"","obs_status":"","decimal":0},
 {"indicator":{"id":"NY.GDP.MKTP.CD","value":"GDP (current US$)"},"country":{"id":"XK","value":"Kosovo"},"countryiso3code":"","date":"2022","value":null,"unit":"","obs_status":"E","decimal":1,"footnote":"est."}]]`

func TestDecodeSmall(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		rows     int
		vintage  string
		title    string
		check    func(t *testing.T, rows []extract.RawRow)
		errIs    error
		errHas   []string
		describe int
	}{
		{
			name: "page", body: onePage, rows: 2, vintage: "2024-06-28", title: "GDP (current US$)", describe: 1,
			check: func(t *testing.T, rows []extract.RawRow) {
				r := rows[0]
				if r.Series != "NY.GDP.MKTP.CD" || r.SeriesName != "GDP (current US$)" || r.Geo != "VNM" ||
					r.Period != "2023" || r.Value != "429716969043.88" || r.Origin.Key != "row 1" || r.Origin.URI != "mem://wb" {
					t.Errorf("row 1 = %+v", r)
				}
				if len(r.Dims) != 0 {
					t.Errorf("dims = %v; dims are series identity and must not carry country or status", r.Dims)
				}
				r = rows[1]
				if r.Geo != "XK" || r.Value != "" || r.Status != "E" || r.Origin.Key != "row 2" {
					t.Errorf("row 2 (iso3 fallback, null, status) = %+v", r)
				}
			},
		},
		{
			name: "numbers as strings",
			body: `[{"page":"1","pages":"1","per_page":"50","total":"1","lastupdated":"2019-01-30"},[{"indicator":{"id":"X","value":"x"},"country":{"id":"VN","value":"Viet Nam"},"countryiso3code":"VNM","date":"2018Q2","value":"12.5","unit":"%","obs_status":"","decimal":"1"}]]`,
			rows: 1, vintage: "2019-01-30", title: "x", describe: 1,
			check: func(t *testing.T, rows []extract.RawRow) {
				if rows[0].Value != "12.5" || rows[0].Period != "2018Q2" || rows[0].Unit != "%" {
					t.Errorf("%+v", rows[0])
				}
			},
		},
		{name: "UTF-8 BOM", body: "\uFEFF" + onePage, rows: 2, vintage: "2024-06-28", title: "GDP (current US$)", describe: 1},
		{name: "no match: [meta, null]", body: `[{"page":1,"pages":0,"per_page":50,"total":0,"lastupdated":"2024-01-01"},null]`, vintage: "2024-01-01", describe: 1},
		{name: "empty rows", body: `[{"page":0,"pages":0,"per_page":50,"total":0},[]]`, describe: 1},
		{name: "meta only", body: `[{"page":1,"pages":1,"per_page":50,"total":0}]`, describe: 1},
		{name: "bare rows", body: `[{"indicator":{"id":"A","value":"a"},"country":{"id":"AR","value":"Argentina"},"countryiso3code":"ARG","date":"2023","value":null,"unit":"","obs_status":"","decimal":0},{"indicator":{"id":"A","value":"a"},"country":{"id":"AR","value":"Argentina"},"countryiso3code":"ARG","date":"2022","value":1e3,"unit":"","obs_status":"","decimal":0}]`,
			rows: 2, title: "a", describe: 1,
			check: func(t *testing.T, rows []extract.RawRow) {
				if rows[1].Value != "1e3" || rows[1].Origin.Key != "row 2" {
					t.Errorf("%+v", rows[1])
				}
			}},
		{name: "error message", body: `[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]`,
			errIs: ErrAPIMessage, errHas: []string{"mem://wb", `"120 Invalid value: The provided parameter value is not valid"`}},
		{name: "error message two", body: `[{"message":[{"id":"175","key":"Invalid format","value":"The indicator was not found."},{"id":"1","key":"x","value":"y"}]}]`,
			errIs: ErrAPIMessage, errHas: []string{"mem://wb", "Invalid format", "The indicator was not found."}},
		{name: "not an array", body: `{"page":1}`, errHas: []string{"mem://wb", "not a JSON array"}},
		{name: "empty array", body: `[]`, errHas: []string{"mem://wb", "empty array"}},
		{name: "first element scalar", body: `[1,2]`, errHas: []string{"mem://wb"}},
		{name: "unrelated objects", body: `[{"a":1}]`, errHas: []string{"mem://wb", "neither page metadata nor a row"}},
		{name: "bad row", body: `[{"page":1,"pages":1},[{"indicator":"oops"}]]`, errHas: []string{"mem://wb", "key row 1"}},
		{name: "truncated", body: onePage[:300], errHas: []string{"mem://wb"}, describe: 1},
		{name: "second not array", body: `[{"page":1,"pages":1},{"x":1}]`, errHas: []string{"mem://wb", "not an array of rows"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := decode(t, "mem://wb", []byte(tc.body))
			if tc.errIs != nil || tc.errHas != nil {
				if err == nil {
					t.Fatalf("want error, got nil and %d rows", len(s.Rows))
				}
				if tc.errIs != nil && !errors.Is(err, tc.errIs) {
					t.Errorf("errors.Is(%v, %v) = false", err, tc.errIs)
				}
				for _, h := range tc.errHas {
					if !strings.Contains(err.Error(), h) {
						t.Errorf("error %q does not contain %q", err, h)
					}
				}
				if errors.Is(err, ErrAPIMessage) && (len(s.Rows) != 0 || len(s.Infos) != 0) {
					t.Errorf("an error answer must send nothing; got %d rows, %d infos", len(s.Rows), len(s.Infos))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Rows) != tc.rows {
				t.Errorf("rows = %d, want %d", len(s.Rows), tc.rows)
			}
			if len(s.Infos) != tc.describe {
				t.Fatalf("Describe called %d times, want %d", len(s.Infos), tc.describe)
			}
			if got := vintage(s.Infos[0]); got != tc.vintage {
				t.Errorf("vintage = %q, want %q", got, tc.vintage)
			}
			if s.Infos[0].Title != tc.title {
				t.Errorf("title = %q, want %q", s.Infos[0].Title, tc.title)
			}
			if tc.check != nil {
				tc.check(t, s.Rows)
			}
		})
	}
}

func vintage(i extract.Info) string {
	if i.Vintage.IsZero() {
		return ""
	}
	return i.Vintage.Format(time.DateOnly)
}

func TestSinkErrorStops(t *testing.T) {
	stop := errors.New("warehouse refused")
	s := &sink{Stop: stop}
	err := Decoder{}.Decode(context.Background(), extract.NewPayload("wb", "mem://wb", []byte(onePage), time.Now()), s)
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want the sink's error", err)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"page", onePage, true},
		{"page truncated", onePage[:40], true},
		{"error form", `[{"message":[{"id":"120","key":"Invalid value","value":"x"}]}]`, true},
		{"error form truncated", `[{"message":[{"id":"12`, true},
		{"bare rows", `[{"indicator": {"id": "NY.GDP.MKTP.CD", "value": "GDP"}, "country": {"id": "AR", "value": "Argentina"}, "countryiso3code": "ARG", "date": "2023", "value": null}]`, true},
		{"message not array", `[{"message":"hello"}]`, false},
		{"jsonstat", `{"version":"2.0","class":"dataset"}`, false},
		{"array of numbers", `[1,2,3]`, false},
		{"other array", `[{"id":"x","name":"y"}]`, false},
		{"csv", "a,b\n1,2\n", false},
		{"empty", "", false},
		{"page alone", `[{"page":1}]`, false},
	}
	for _, tc := range tests {
		if got := (Decoder{}).Sniff([]byte(tc.head)); got != tc.want {
			t.Errorf("%s: Sniff = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPageInfo(t *testing.T) {
	tests := []struct {
		body        string
		page, pages int
		errIs       error
	}{
		{onePage, 1, 2, nil},
		{`[{"page":"3","pages":"5","per_page":"50","total":"244"},[]]`, 3, 5, nil},
		{`[{"page":1,"pages":0,"total":0},null]`, 1, 0, nil},
		{`[{"message":[{"id":"120","key":"Invalid value","value":"v"}]}]`, 0, 0, ErrAPIMessage},
		{`[{"indicator":{"id":"A"},"country":{"id":"AR"},"date":"2023","value":1}]`, 0, 0, ErrNoPageMeta},
		{`{}`, 0, 0, ErrNoPageMeta},
		{`[1]`, 0, 0, ErrNoPageMeta},
	}
	for _, tc := range tests {
		page, pages, err := PageInfo([]byte(tc.body))
		if tc.errIs != nil {
			if !errors.Is(err, tc.errIs) {
				t.Errorf("PageInfo(%.30s) err = %v, want %v", tc.body, err, tc.errIs)
			}
			continue
		}
		if err != nil || page != tc.page || pages != tc.pages {
			t.Errorf("PageInfo(%.30s) = %d, %d, %v; want %d, %d", tc.body, page, pages, err, tc.page, tc.pages)
		}
	}
	if _, _, err := PageInfo([]byte(`[{"page":"one"}]`)); err == nil {
		t.Error("PageInfo accepted a non-numeric page")
	}
}

func TestNextPageURL(t *testing.T) {
	tests := []struct {
		in   string
		page int
		want string
	}{
		{"https://api.worldbank.org/v2/country/VNM/indicator/NY.GDP.MKTP.CD?format=json", 2,
			"https://api.worldbank.org/v2/country/VNM/indicator/NY.GDP.MKTP.CD?format=json&page=2"},
		{"https://api.worldbank.org/v2/countries/JPN;USA/indicators/NY.GDP.MKTP.CD;SP.POP.TOTL?source=2&format=json&page=1&per_page=50", 3,
			"https://api.worldbank.org/v2/countries/JPN;USA/indicators/NY.GDP.MKTP.CD;SP.POP.TOTL?source=2&format=json&page=3&per_page=50"},
		{"https://api.worldbank.org/v2/x", 2, "https://api.worldbank.org/v2/x?page=2"},
		{"https://api.worldbank.org/v2/x?", 2, "https://api.worldbank.org/v2/x?page=2"},
		{"https://h/x?page=1&page=9&a=b#frag", 4, "https://h/x?page=4&a=b#frag"},
		{"https://h/x?pages=7&per_page=10", 2, "https://h/x?pages=7&per_page=10&page=2"},
	}
	for _, tc := range tests {
		if got := NextPageURL(tc.in, tc.page); got != tc.want {
			t.Errorf("NextPageURL(%q, %d) = %q, want %q", tc.in, tc.page, got, tc.want)
		}
	}
}

func TestRegistered(t *testing.T) {
	d, err := extract.ByName("worldbank")
	if err != nil || d.Name() != "worldbank" {
		t.Fatalf("ByName(worldbank) = %v, %v", d, err)
	}
}

// The real answers, recorded from api.worldbank.org by other projects.

func TestRealTrimmedPageMetadataLies(t *testing.T) {
	body := readReal(t, "worldbank-api-gdp.json")
	page, pages, err := PageInfo(body)
	if err != nil || page != 1 || pages != 1 {
		t.Fatalf("PageInfo = %d, %d, %v", page, pages, err)
	}
	s, err := decode(t, "worldbank-api-gdp.json", body)
	if err != nil {
		t.Fatal(err)
	}
	// The metadata claims total 264; the array holds 4 rows, and 4 is what counts.
	if len(s.Rows) != 4 {
		t.Fatalf("rows = %d, want the 4 in the array (metadata says 264)", len(s.Rows))
	}
	if v := vintage(s.Infos[0]); v != "2020-03-18" || s.Infos[0].Title != "GDP (current US$)" {
		t.Errorf("info = %+v", s.Infos[0])
	}
	var geos []string
	for _, r := range s.Rows {
		geos = append(geos, r.Geo)
	}
	if got := strings.Join(geos, ","); got != "ARG,CSS,CEB,EAR" {
		t.Errorf("geos = %s", got)
	}
	r := s.Rows[0]
	if r.Value != "2867811095547.36" || r.Period != "2013" || r.Geo != "ARG" {
		t.Errorf("Argentina 2013 = %+v", r)
	}
	if s.Rows[3].Value != "10241755535227.4" {
		t.Errorf("EAR value = %q", s.Rows[3].Value)
	}
}

func TestRealFootnotePage(t *testing.T) {
	body := readReal(t, "worldbank-api-v2-gdp-jpn-usa-footnote-page1of3.json")
	page, pages, err := PageInfo(body)
	if err != nil || page != 1 || pages != 3 {
		t.Fatalf("PageInfo = %d, %d, %v", page, pages, err)
	}
	s, err := decode(t, "wb-footnote.json", body)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 50 {
		t.Fatalf("rows = %d, want 50", len(s.Rows))
	}
	if v := vintage(s.Infos[0]); v != "2021-05-25" {
		t.Errorf("vintage = %s", v)
	}
	first := s.Rows[0]
	if first.Geo != "JPN" || first.Period != "2020" || first.Value != "" {
		t.Errorf("first row (2020, not yet published) = %+v", first)
	}
	if r := s.Rows[1]; r.Period != "2019" || r.Value != "5081769542379.77" {
		t.Errorf("Japan 2019 = %+v", r)
	}
	if r := s.Rows[49]; r.Period != "1971" || r.Value != "240151807460.241" || r.Origin.Key != "row 50" {
		t.Errorf("last row = %+v", r)
	}
	nulls := 0
	for _, r := range s.Rows {
		if r.Value == "" {
			nulls++
		}
	}
	if nulls != 1 {
		t.Errorf("null values = %d, want 1", nulls)
	}
}

func TestRealTwoIndicatorsPage(t *testing.T) {
	body := readReal(t, "worldbank-api-v2-two-indicators-jpn-usa-page1of5.json")
	page, pages, err := PageInfo(body)
	if err != nil || page != 1 || pages != 5 {
		t.Fatalf("PageInfo = %d, %d, %v", page, pages, err)
	}
	s, err := decode(t, "wb-two.json", body)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 50 {
		t.Fatalf("rows = %d, want 50", len(s.Rows))
	}
	if s.Rows[0].Series != "NY.GDP.MKTP.CD" || s.Rows[0].Value != "" {
		t.Errorf("row 1 = %+v", s.Rows[0])
	}
	if !s.Infos[0].Vintage.Equal(time.Date(2021, 5, 25, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("vintage = %v", s.Infos[0].Vintage)
	}
}

func TestRealSouthAmericaBareRows(t *testing.T) {
	body := readReal(t, "wb_v2_gdp_southamerica_records.json")
	if !(Decoder{}).Sniff(extract.Head(body)) {
		t.Fatal("Sniff refused the bare-rows form")
	}
	if _, _, err := PageInfo(body); !errors.Is(err, ErrNoPageMeta) {
		t.Errorf("PageInfo err = %v, want ErrNoPageMeta", err)
	}
	s, err := decode(t, "gdp_data.json", body)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 600 {
		t.Fatalf("rows = %d, want 600", len(s.Rows))
	}
	nulls := 0
	countries := map[string]bool{}
	for _, r := range s.Rows {
		if r.Value == "" {
			nulls++
		}
		countries[r.Geo] = true
	}
	if nulls != 52 {
		t.Errorf("null values = %d, want 52", nulls)
	}
	if len(countries) != 12 {
		t.Errorf("countries = %d, want 12", len(countries))
	}
	if r := s.Rows[1]; r.Geo != "ARG" || r.Period != "2022" || r.Value != "631133384439.944" {
		t.Errorf("Argentina 2022 = %+v", r)
	}
	if r := s.Rows[599]; r.Geo != "VEN" || r.Period != "1974" || r.Value != "26100930232.5581" || r.Origin.Key != "row 600" {
		t.Errorf("last row = %+v", r)
	}
	if !s.Infos[0].Vintage.IsZero() {
		t.Errorf("bare rows carry no release date; vintage = %v", s.Infos[0].Vintage)
	}
}

func TestRealErrorAnswerRefused(t *testing.T) {
	const name = "errors/worldbank-api-v2-error-invalid-indicator.json"
	body := readReal(t, name)
	uri := "https://api.worldbank.org/v2/countries/JPN;USA/indicators/INVALID?format=json"
	if !(Decoder{}).Sniff(extract.Head(body)) {
		t.Fatal("Sniff must claim the error form, so that it is refused rather than unrecognised")
	}
	s, err := decode(t, uri, body)
	if !errors.Is(err, ErrAPIMessage) {
		t.Fatalf("err = %v, want ErrAPIMessage", err)
	}
	for _, want := range []string{uri, "Invalid value", "The provided parameter value is not valid", "120"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if len(s.Rows) != 0 || len(s.Infos) != 0 {
		t.Errorf("refused payload sent %d rows, %d infos", len(s.Rows), len(s.Infos))
	}
	if _, _, err := PageInfo(body); !errors.Is(err, ErrAPIMessage) {
		t.Errorf("PageInfo err = %v, want ErrAPIMessage", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(onePage))
	f.Add([]byte(`[{"message":[{"id":"120","key":"Invalid value","value":"x"}]}]`))
	f.Add([]byte(`[{"indicator":{"id":"A","value":"a"},"country":{"id":"AR"},"date":"2023","value":null}]`))
	f.Add([]byte(`[{"page":1},null]`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d := Decoder{}
		d.Sniff(extract.Head(b))
		_ = d.Decode(context.Background(), extract.NewPayload("f", "fuzz", b, time.Time{}), &sink{})
		_, _, _ = PageInfo(b)
		_ = NextPageURL(string(b), 2)
	})
}
