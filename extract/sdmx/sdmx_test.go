package sdmx

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

// collector is a Sink that keeps what it is sent and checks the Sink
// protocol: Describe exactly once, before any row.
type collector struct {
	t         testing.TB
	infos     []extract.Info
	rows      []extract.RawRow
	failAfter int   // Row returns failErr once this many rows arrived (0 = never)
	failErr   error // the error to return
}

func (c *collector) Describe(i extract.Info) {
	if len(c.rows) > 0 {
		c.t.Errorf("Describe called after %d rows", len(c.rows))
	}
	c.infos = append(c.infos, i)
}

func (c *collector) Row(r extract.RawRow) error {
	if len(c.infos) == 0 {
		c.t.Errorf("Row before Describe: %+v", r)
	}
	c.rows = append(c.rows, r)
	if c.failAfter > 0 && len(c.rows) >= c.failAfter {
		return c.failErr
	}
	return nil
}

func decode(t testing.TB, uri string, body []byte) (*collector, error) {
	t.Helper()
	c := &collector{t: t}
	p := extract.NewPayload("test", uri, body, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	err := (&Decoder{}).Decode(context.Background(), p, c)
	if err == nil && len(c.infos) != 1 {
		t.Errorf("%s: Describe called %d times, want 1", uri, len(c.infos))
	}
	return c, err
}

// realDir is where the shared real-world fixtures live, relative to this
// package.
const realDir = "../../../shared/fixtures/real"

func readReal(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(realDir, name))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("real fixture %s not found (the shared fixtures folder %s is absent in this checkout)", name, realDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// assertURIError checks that err names the payload URI and wraps want.
func assertURIError(t *testing.T, err error, uri string, want error) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one wrapping %v", want)
	}
	if !strings.Contains(err.Error(), uri) {
		t.Errorf("error %q does not name the payload %q", err, uri)
	}
	if want != nil && !errors.Is(err, want) {
		t.Errorf("error %q does not wrap %v", err, want)
	}
}

func TestRegistered(t *testing.T) {
	d, err := extract.ByName("sdmx")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.(*Decoder); !ok {
		t.Fatalf("ByName(sdmx) = %T", d)
	}
	p := extract.NewPayload("s", "mem:x.csv", []byte("\ufeffDATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nA:B(1.0),VNM,2020,1\n"), time.Now())
	got, err := extract.Detect(p)
	if err != nil || got.Name() != "sdmx" {
		t.Fatalf("Detect = %v, %v", got, err)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"csv1", "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\r\n", true},
		{"csv1 semicolon", "DATAFLOW;REF_AREA;TIME_PERIOD;OBS_VALUE\n", true},
		{"csv1 quoted", `"DATAFLOW","REF_AREA","TIME_PERIOD","OBS_VALUE"` + "\n", true},
		{"csv1 tab", "DATAFLOW\tREF_AREA\n", true},
		{"csv2", "STRUCTURE,STRUCTURE_ID,ACTION,DIM_1,OBS_VALUE\n", true},
		{"csv2 list separator", "STRUCTURE[;],STRUCTURE_ID,ACTION,DIM_1,OBS_VALUE\n", true},
		{"csv2 pipe list, semicolon fields", "STRUCTURE[|];STRUCTURE_ID;ACTION\n", true},
		{"csv2 without STRUCTURE_ID", "STRUCTURE,Value\n", false},
		{"csv DATAFLOW glued", "DATAFLOWS,x\n", false},
		{"csv unclosed bracket", "STRUCTURE[;,STRUCTURE_ID\n", false},
		{"plain csv", "Year,Value\n2020,1\n", false},
		{"lower-case dataflow", "dataflow,ref_area\n", false},
		{"world bank array", `[{"page":1,"pages":1},[{"indicator":{"id":"NY.GDP.MKTP.CD"}}]]`, false},
		{"world bank error", `[{"message":[{"id":"120","key":"Invalid value"}]}]`, false},
		{"json-stat 2", `{"version":"2.0","class":"dataset","id":["a"],"size":[1],"dimension":{},"value":[1]}`, false},
		{"json-stat 1 bundle", `{"dataset":{"dimension":{"id":["a"],"size":[1]},"value":[1]}}`, false},
		{"json-stat with dataSets-like label", `{"class":"dataset","label":"dataSets","value":[]}`, false},
		{"sdmx-json draft", `{"header":{"id":"x"},"dataSets":[{"observations":{}}],"structure":{}}`, true},
		{"sdmx-json draft structure first, cut", `{"header":{"id":"x"},"structure":{"links":[],"dimensions":{"series":[{"id":"A","values":[{"id":"`, true},
		{"sdmx-json 1.0", `{"meta":{"id":"x"},"data":{"structure":{"dimensions":{}},"dataSets":[]}}`, true},
		{"sdmx-json 2.x", `{"meta":{"id":"x"},"data":{"structures":[{"dimensions":{}}],"dataSets":[]}}`, true},
		{"sdmx-json schema only", `{"$schema":"https://json.sdmx.org/2.1/sdmx-json-data-schema.json","meta":{`, true},
		{"sdmx-json error", `{"meta":{"id":"x"},"errors":[{"code":100,"title":"No results found"}]}`, true},
		{"json object unrelated", `{"errors":[{"code":1}]}`, false},
		{"json unrelated structure", `{"structure":{"fields":[]}}`, false},
		{"sdmx-ml ss", `<?xml version="1.0"?><message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">`, true},
		{"sdmx-ml generic default ns", `<GenericData xmlns="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"><Header>`, true},
		{"sdmx-ml 2.0 compact", `<CompactData xmlns="http://www.SDMX.org/resources/SDMXML/schemas/v2_0/message">`, true},
		{"sdmx-ml error", `<mes:Error xmlns:mes="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"><mes:ErrorMessage code="100">`, true},
		{"sdmx-ml structure message", `<mes:Structure xmlns:mes="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">`, false},
		{"generic data, other namespace", `<GenericData xmlns="http://example.org/"><x/>`, false},
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel>`, false},
		{"html", `<!DOCTYPE html><html><body>`, false},
		{"empty", ``, false},
		{"spaces", " \n\t", false},
	}
	d := &Decoder{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.Sniff([]byte(tt.head)); got != tt.want {
				t.Errorf("Sniff(%q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}

// TestSniffReal checks Sniff against every real fixture: it claims the
// SDMX files and none of the others (World Bank, JSON-stat, PX-Web, GSO CSV,
// spreadsheets, the World Bank error answer).
func TestSniffReal(t *testing.T) {
	if _, err := os.Stat(realDir); err != nil {
		t.Skipf("real fixtures folder %s absent: %v", realDir, err)
	}
	files, err := filepath.Glob(filepath.Join(realDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	errFiles, _ := filepath.Glob(filepath.Join(realDir, "errors", "*"))
	files = append(files, errFiles...)
	d := &Decoder{}
	claimed := 0
	for _, f := range files {
		if fi, err := os.Stat(f); err != nil || fi.IsDir() {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(f)
		want := strings.HasPrefix(base, "sdmx") || base == "ecb_exr_ts_sdmxjson1.json"
		if got := d.Sniff(extract.Head(b)); got != want {
			t.Errorf("Sniff(%s) = %v, want %v", base, got, want)
		}
		if want {
			claimed++
		}
	}
	if claimed != 11 {
		t.Errorf("claimed %d SDMX fixtures, want 11", claimed)
	}
}

func TestSinkErrorStops(t *testing.T) {
	bodies := map[string]string{
		"csv":  "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX:Y(1.0),VNM,2020,1\nX:Y(1.0),VNM,2021,2\n",
		"json": `{"header":{},"structure":{"dimensions":{"observation":[{"id":"TIME_PERIOD","values":[{"id":"2020"},{"id":"2021"}]}]},"attributes":{}},"dataSets":[{"observations":{"0":[1],"1":[2]}}]}`,
		"xml":  `<m:StructureSpecificData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"><m:DataSet><Series A="1"><Obs TIME_PERIOD="2020" OBS_VALUE="1"/><Obs TIME_PERIOD="2021" OBS_VALUE="2"/></Series></m:DataSet></m:StructureSpecificData>`,
	}
	errFull := errors.New("warehouse full")
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			c := &collector{t: t, failAfter: 1, failErr: errFull}
			err := (&Decoder{}).Decode(context.Background(), extract.NewPayload("s", "mem:"+name, []byte(body), time.Now()), c)
			if err != errFull {
				t.Errorf("Decode = %v, want the sink's error itself", err)
			}
			if len(c.rows) != 1 {
				t.Errorf("%d rows after the sink failed, want 1", len(c.rows))
			}

			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			c = &collector{t: t}
			err = (&Decoder{}).Decode(ctx, extract.NewPayload("s", "mem:"+name, []byte(body), time.Now()), c)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled Decode = %v, want context.Canceled", err)
			}
			if len(c.rows) != 0 {
				t.Errorf("%d rows after cancel", len(c.rows))
			}
		})
	}
}

func TestEmptyPayload(t *testing.T) {
	_, err := decode(t, "mem:empty", []byte("\ufeff  \n"))
	assertURIError(t, err, "mem:empty", ErrNotSDMX)
}

func TestRefFromURN(t *testing.T) {
	tests := map[string]string{
		"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=ECB:EXR(1.0)":                                     "ECB:EXR(1.0)",
		"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=IMF:ECOFIN_DSD(1.0):ObsLevelDim:TIME_PERIOD": "IMF:ECOFIN_DSD(1.0)",
		"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=A:B":                                              "A:B",
		"http://example.org/x=1": "",
		"":                       "",
	}
	for in, want := range tests {
		if got := refFromURN(in); got != want {
			t.Errorf("refFromURN(%q) = %q, want %q", in, got, want)
		}
	}
}

// rowsEqual compares rows, reporting the first difference.
func rowsEqual(t *testing.T, got, want []extract.RawRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d rows, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}
