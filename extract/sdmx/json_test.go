package sdmx

import (
	"errors"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

// A small SDMX-JSON 2.x message with two structures, series, dataset and
// series attributes, a default, a null value, a null attribute index, a
// second measure and an annotation index after the attributes.
const json2x = `{
 "meta": {"id": "T", "prepared": "2024-05-06T07:08:09+07:00",
          "sender": {"id": "GSO", "names": {"vi": "Tổng cục Thống kê", "en": "General Statistics Office"}}},
 "data": {
  "structures": [{
   "names": {"en": "Retail sales"},
   "links": [{"rel": "dataflow", "href": "https://example.org/rest/dataflow/GSO/DF_RETAIL/1.0"}],
   "dimensions": {
     "dataSet": [{"id": "FREQ", "keyPosition": 0, "values": [{"id": "M", "name": "Monthly"}]}],
     "series": [{"id": "PROVINCE", "keyPosition": 1, "roles": ["REF_AREA"],
                 "values": [{"id": "01", "name": "Hà Nội"}, {"id": "79", "name": "TP. Hồ Chí Minh"}]}],
     "observation": [{"id": "TIME_PERIOD", "keyPosition": 2, "values": [{"id": "2024-01"}, {"id": "2024-02"}]}]
   },
   "measures": {"observation": [{"id": "OBS_VALUE"}, {"id": "CONF_INTERVAL"}]},
   "attributes": {
     "dataSet": [{"id": "UNIT_MEASURE", "values": [{"id": "VND_BN", "name": "Tỷ đồng"}]}],
     "series": [{"id": "UNIT_MULT", "values": [{"id": "0"}, {"id": "9"}]}],
     "observation": [{"id": "OBS_STATUS", "default": "A", "values": [{"id": "A"}, {"id": "P"}]},
                     {"id": "COMMENT_OBS", "values": [{"value": {"en": "estimate"}}]}]
   }
  }, {
   "name": "Other",
   "links": [{"rel": "dataflow", "urn": "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=GSO:DF_OTHER(2.0)"}],
   "dimensions": {"observation": [{"id": "TIME_PERIOD", "keyPosition": 0, "values": [{"id": "2024"}]}]},
   "attributes": {}
  }],
  "dataSets": [{
   "structure": 0, "action": "Replace",
   "series": {
     "1": {"attributes": [1], "observations": {"1": [1234.50, 5, 1, 0, 7], "0": [null]}},
     "0": {"attributes": [0], "observations": {"0": ["12,5", null, null]}}
   }
  }, {
   "structure": 1, "action": "Delete", "observations": {"0": [3]}
  }]
 }
}`

func TestDecodeJSON(t *testing.T) {
	const uri = "mem:2x.json"
	c, err := decode(t, uri, []byte(json2x))
	if err != nil {
		t.Fatal(err)
	}
	wantInfo := extract.Info{Title: "Retail sales", Publisher: "General Statistics Office",
		Vintage: time.Date(2024, 5, 6, 0, 8, 9, 0, time.UTC)}
	if c.infos[0] != wantInfo {
		t.Errorf("info = %+v, want %+v", c.infos[0], wantInfo)
	}
	rowsEqual(t, c.rows, []extract.RawRow{{
		Origin:     extract.Origin{URI: uri, Key: "dataSets[0]:1/1"},
		Series:     "GSO:DF_RETAIL(1.0)/M.",
		SeriesName: "Monthly",
		Dims:       map[string]string{"FREQ": "M"}, // PROVINCE has the role REF_AREA: Geo
		Geo:        "79", Period: "2024-02", Value: "1234.50", Unit: "VND_BN", UnitMult: 9, Status: "P",
	}, {
		Origin:     extract.Origin{URI: uri, Key: "dataSets[0]:1/0"},
		Series:     "GSO:DF_RETAIL(1.0)/M.",
		SeriesName: "Monthly",
		Dims:       map[string]string{"FREQ": "M"},
		Geo:        "79", Period: "2024-01", Value: "", Unit: "VND_BN", UnitMult: 9, Status: "A",
	}, {
		Origin:     extract.Origin{URI: uri, Key: "dataSets[0]:0/0"},
		Series:     "GSO:DF_RETAIL(1.0)/M.",
		SeriesName: "Monthly",
		Dims:       map[string]string{"FREQ": "M"},
		Geo:        "01", Period: "2024-01", Value: "12,5", Unit: "VND_BN",
	}, {
		Origin: extract.Origin{URI: uri, Key: "dataSets[1]:0"},
		Series: "GSO:DF_OTHER(2.0)/",
		Dims:   map[string]string{},
		Period: "2024", Value: "3",
		Reject: "SDMX dataset action Delete is not a value; chitieu keeps every vintage",
	}})
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// The SDMX-JSON 1.0 layout: meta + data.structure + data.dataSets, flat
// observations over all dimensions.
func TestDecodeJSON10Flat(t *testing.T) {
	const uri = "mem:10.json"
	body := `{"meta":{"prepared":"2020-02-03T04:05:06"},
	  "data":{"structure":{"name":"Flat",
	    "links":[{"rel":"dataflow","href":"https://example.org/dataflow/all/DF_FLAT/latest"}],
	    "dimensions":{"observation":[
	      {"id":"REF_AREA","keyPosition":0,"values":[{"id":"VNM","name":"Viet Nam"},{"id":"LAO","name":"Lao PDR"}]},
	      {"id":"TIME_PERIOD","keyPosition":1,"values":[{"id":"2023-W05"}]}]},
	    "attributes":{"observation":[{"id":"EMPTY","values":[]},{"id":"OBS_STATUS","values":[{"id":"E"}]}]}},
	  "dataSets":[{"action":"Information","observations":{"1:0":[7.5,0],"0:0":[8,null]}}]}}`
	c, err := decode(t, uri, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.infos[0]; got.Title != "Flat" || !got.Vintage.Equal(time.Date(2020, 2, 3, 4, 5, 6, 0, time.UTC)) {
		t.Errorf("info = %+v", got)
	}
	rowsEqual(t, c.rows, []extract.RawRow{{
		Origin: extract.Origin{URI: uri, Key: "1:0"}, Series: "DF_FLAT/", SeriesName: "",
		Dims: map[string]string{}, Geo: "LAO", Period: "2023-W05", Value: "7.5", Status: "E",
	}, {
		Origin: extract.Origin{URI: uri, Key: "0:0"}, Series: "DF_FLAT/", SeriesName: "",
		Dims: map[string]string{}, Geo: "VNM", Period: "2023-W05", Value: "8",
	}})
}

func TestDecodeJSONErrors(t *testing.T) {
	const uri = "https://example.org/sdmx/data/X"
	structure := `"structure":{"dimensions":{"series":[{"id":"A","values":[{"id":"a0"}]}],
		"observation":[{"id":"TIME_PERIOD","values":[{"id":"2020"},{"id":"2021"}]}]},
		"attributes":{"observation":[{"id":"OBS_STATUS","values":[{"id":"A"}]}]}}`
	tests := []struct {
		name string
		body string
		want error
		key  string // Origin.Key of the DecodeError, if one
	}{
		{"truncated", json2x[:len(json2x)/2], nil, ""},
		{"world bank array", `[{"page":1},[{"value":1}]]`, ErrNotSDMX, ""},
		{"json-stat", `{"version":"2.0","class":"dataset","id":[],"size":[],"value":[]}`, ErrNotSDMX, ""},
		{"wrong type", `{"structure":{"dimensions":[]},"dataSets":[]}`, ErrNotSDMX, ""},
		{"error message", `{"meta":{},"errors":[{"code":100,"title":"No results found","detail":"Query matched no data"}]}`, ErrErrorMessage, ""},
		{"series key too long", `{` + structure + `,"dataSets":[{"series":{"0:0":{"observations":{"0":[1]}}}}]}`, ErrStructure, "0:0"},
		{"observation key too long", `{` + structure + `,"dataSets":[{"series":{"0":{"observations":{"0:1":[1]}}}}]}`, ErrStructure, "0/0:1"},
		{"unknown dimension index", `{` + structure + `,"dataSets":[{"series":{"0":{"observations":{"2":[1]}}}}]}`, ErrStructure, "0/2"},
		{"negative index", `{` + structure + `,"dataSets":[{"series":{"0":{"observations":{"-1":[1]}}}}]}`, ErrStructure, "0/-1"},
		{"non-numeric index", `{` + structure + `,"dataSets":[{"series":{"x":{"observations":{}}}}]}`, ErrStructure, "x"},
		{"attribute index out of range", `{` + structure + `,"dataSets":[{"series":{"0":{"observations":{"1":[1,3]}}}}]}`, ErrStructure, "0/1"},
		{"flat observations against series dimensions", `{` + structure + `,"dataSets":[{"observations":{"0":[1]}}]}`, ErrStructure, ""},
		{"dataSet refers to missing structure", `{"data":{"structures":[{"dimensions":{}}],"dataSets":[{"structure":3}]}}`, ErrStructure, "dataSets[0]"},
		{"no structure", `{"dataSets":[]}`, ErrNotSDMX, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decode(t, uri, []byte(tt.body))
			assertURIError(t, err, uri, tt.want)
			if tt.key != "" {
				var de *extract.DecodeError
				if !errors.As(err, &de) {
					t.Fatalf("error %q is not a *extract.DecodeError", err)
				}
				if de.Origin.Key != tt.key {
					t.Errorf("error key %q, want %q", de.Origin.Key, tt.key)
				}
			}
			if len(c.rows) > 0 {
				t.Errorf("%d rows emitted before the structure error", len(c.rows))
			}
		})
	}
}
