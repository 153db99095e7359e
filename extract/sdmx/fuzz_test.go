package sdmx

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

// FuzzDecode feeds arbitrary bytes to Sniff and Decode, seeded with one
// message of each serialisation. Neither may panic, Describe comes at most
// once and before rows (the collector checks), and every error names the
// payload.
func FuzzDecode(f *testing.F) {
	seeds := []string{
		"DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MULT\nA:B(1.0),VNM,2020,1.5,3\n",
		"STRUCTURE[;];STRUCTURE_ID;ACTION;DIM_1: D1;TIME_PERIOD;OBS_VALUE: V;ATTR[en;fr]\ndataflow;A:B(1.0): T;I;X: x;2020;1,5;en:a;fr:b\n",
		"STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,REF_AREA,Area,OBS_VALUE,Value\ndataflow,A:B,N,VNM,Viet Nam,1,\n",
		json2x,
		`{"header":{},"structure":{"dimensions":{"observation":[{"id":"TIME_PERIOD","values":[{"id":"2020"}]}]},"attributes":{"observation":[{"id":"OBS_STATUS","values":[{"id":"A"}]}]}},"dataSets":[{"observations":{"0":[1,0]}}]}`,
		`{"meta":{},"errors":[{"code":100}]}`,
		`<m:StructureSpecificData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"><m:DataSet><Group A="1" UNIT_MULT="2"/><Series A="1"><Obs TIME_PERIOD="2020" OBS_VALUE="1"/></Series><Obs B="2"/></m:DataSet></m:StructureSpecificData>`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, name := range []string{"testdata/generic21.xml", "testdata/structurespecific_flat.xml"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, name := range []string{"sdmx-csv-ilo-UNE_DEAP_SEX_AGE_RT.csv", "sdmxcsv2_example06_labels.csv", "ecb_exr_ts_sdmxjson1.json", "sdmx-ml21-estat-nama10gdp-structurespecific.xml"} {
		if b, err := os.ReadFile(filepath.Join(realDir, name)); err == nil {
			f.Add(b)
		}
	}
	const uri = "fuzz://payload"
	f.Fuzz(func(t *testing.T, body []byte) {
		d := &Decoder{}
		d.Sniff(extract.Head(body))
		d.Sniff(body)
		c := &collector{t: t}
		err := d.Decode(context.Background(), extract.NewPayload("fuzz", uri, body, time.Time{}), c)
		if err != nil && !strings.Contains(err.Error(), uri) {
			t.Errorf("error %q does not name the payload", err)
		}
		if len(c.infos) > 1 {
			t.Errorf("Describe called %d times", len(c.infos))
		}
		for _, r := range c.rows {
			if r.Origin.URI != uri {
				t.Errorf("row origin %q", r.Origin.URI)
			}
		}
	})
}
