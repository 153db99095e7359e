package sdmx

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

func TestDecodeXMLGeneric(t *testing.T) {
	const uri = "testdata/generic21.xml"
	body, err := os.ReadFile(uri)
	if err != nil {
		t.Fatal(err)
	}
	c, err := decode(t, uri, body)
	if err != nil {
		t.Fatal(err)
	}
	wantInfo := extract.Info{Title: "GSO:DF_LFS(1.2)", Publisher: "General Statistics Office",
		Vintage: time.Date(2024, 7, 1, 1, 0, 0, 0, time.UTC)}
	if c.infos[0] != wantInfo {
		t.Errorf("info = %+v, want %+v", c.infos[0], wantInfo)
	}
	// Dims: the series key without REF_AREA (Geo); SOURCE, TITLE, the
	// group's UNIT_MEASURE and UNIT_MULT and OBS_STATUS are attributes.
	unemp := map[string]string{"FREQ": "Q", "INDICATOR": "UNEMP"}
	rate := map[string]string{"FREQ": "Q", "INDICATOR": "UNEMP_RT"}
	rowsEqual(t, c.rows, []extract.RawRow{{
		Origin:     extract.Origin{URI: uri, Row: 29, Key: "Q.VN-HN.UNEMP/2023-Q4"},
		Series:     "GSO:DF_LFS(1.2)/Q..UNEMP",
		SeriesName: "Unemployed, Hà Nội",
		Dims:       unemp,
		Geo:        "VN-HN", Period: "2023-Q4", Value: "41.5", Unit: "PS", UnitMult: 3,
	}, {
		Origin:     extract.Origin{URI: uri, Row: 33, Key: "Q.VN-HN.UNEMP/2024-Q1"},
		Series:     "GSO:DF_LFS(1.2)/Q..UNEMP",
		SeriesName: "Unemployed, Hà Nội",
		Dims:       unemp,
		Geo:        "VN-HN", Period: "2024-Q1", Value: "40.9", Unit: "PS", UnitMult: 3, Status: "P",
	}, {
		Origin: extract.Origin{URI: uri, Row: 45, Key: "Q.VN-HN.UNEMP_RT/2024-Q1"},
		Series: "GSO:DF_LFS(1.2)/Q..UNEMP_RT",
		Dims:   rate,
		Geo:    "VN-HN", Period: "2024-Q1", Value: "", Status: "M",
	}, {
		Origin: extract.Origin{URI: uri, Row: 49, Key: "Q.VN-HN.UNEMP_RT/2024-Q2"},
		Series: "GSO:DF_LFS(1.2)/Q..UNEMP_RT",
		Dims:   rate,
		Geo:    "VN-HN", Period: "2024-Q2", Value: "NaN", // as written: transform reads it as missing
	}})
}

func TestDecodeXMLStructureSpecificFlatLatin1(t *testing.T) {
	const uri = "testdata/structurespecific_flat.xml"
	body, err := os.ReadFile(uri)
	if err != nil {
		t.Fatal(err)
	}
	c, err := decode(t, uri, body)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.infos[0]; got.Title != "TEST:DF_FLAT(2.0)" || got.Publisher != "TEST" {
		t.Errorf("info = %+v", got)
	}
	// The dataset's action is Delete: each observation is an instruction
	// to delete, emitted so that transform can keep it as a rejection.
	const del = "SDMX dataset action Delete is not a value; chitieu keeps every vintage"
	rowsEqual(t, c.rows, []extract.RawRow{{
		Origin: extract.Origin{URI: uri, Row: 17, Key: "FR.CAF.2023-S1"},
		Series: "TEST:DF_FLAT(2.0)/.CAF",
		Dims:   map[string]string{"PRODUCT": "CAF"},
		Geo:    "FR", Period: "2023-S1", Value: "1.5", Status: "A", Reject: del,
	}, {
		Origin: extract.Origin{URI: uri, Row: 18, Key: "FR.CAF.2023-S2"},
		Series: "TEST:DF_FLAT(2.0)/.CAF",
		Dims:   map[string]string{"PRODUCT": "CAF"},
		Geo:    "FR", Period: "2023-S2", Value: "NaN", Reject: del,
	}})
}

func TestDecodeXMLStructureSpecificGroups(t *testing.T) {
	const uri = "mem:groups.xml"
	body := `<m:StructureSpecificTimeSeriesData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v3_0/message">
<m:Header><m:Prepared>2024-01-01</m:Prepared><m:Sender id="ZZZ"/>
<m:Structure structureID="S1" dimensionAtObservation="TIME_PERIOD"><Structure><Ref agencyID="IMF" id="DSD" version="1.0"/></Structure></m:Structure></m:Header>
<m:DataSet>
<Group INDICATOR="POP" UNIT_MULT="6" UNIT_MEASURE="PS"/>
<Series REF_AREA="VN" INDICATOR="POP" FREQ="A"><Obs TIME_PERIOD="2023" OBS_VALUE="100.3" OBS_STATUS="E"/></Series>
<Series REF_AREA="VN" INDICATOR="GDP" FREQ="A" UNIT_MULT="9"><Obs TIME_PERIOD="2023" OBS_VALUE="430"/></Series>
</m:DataSet>
</m:StructureSpecificTimeSeriesData>`
	c, err := decode(t, uri, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.infos[0]; got.Publisher != "IMF" || got.Title != "IMF:DSD(1.0)" || got.Vintage.Year() != 2024 {
		t.Errorf("info = %+v (Sender ZZZ is SDMX's 'unknown': publisher should come from the structure's agency)", got)
	}
	rowsEqual(t, c.rows, []extract.RawRow{{
		Origin: extract.Origin{URI: uri, Row: 6, Key: "VN.POP.A/2023"},
		Series: "IMF:DSD(1.0)/.POP.A",
		Dims:   map[string]string{"INDICATOR": "POP", "FREQ": "A"},
		Geo:    "VN", Period: "2023", Value: "100.3", Unit: "PS", UnitMult: 6, Status: "E",
	}, {
		Origin: extract.Origin{URI: uri, Row: 7, Key: "VN.GDP.A/2023"},
		Series: "IMF:DSD(1.0)/.GDP.A",
		Dims:   map[string]string{"INDICATOR": "GDP", "FREQ": "A"},
		Geo:    "VN", Period: "2023", Value: "430", UnitMult: 9,
	}})
}

func TestDecodeXMLErrors(t *testing.T) {
	const uri = "https://example.org/sdmx/data/X.xml"
	generic, err := os.ReadFile("testdata/generic21.xml")
	if err != nil {
		t.Fatal(err)
	}
	cut := string(generic[:strings.Index(string(generic), "<generic:ObsValue value=\"40.9\"")])
	tests := []struct {
		name  string
		body  string
		want  error
		isPos bool // a *extract.DecodeError with a line
	}{
		{"truncated", cut, nil, true},
		{"truncated inside a tag", cut[:len(cut)-30], nil, true},
		{"error message", `<?xml version="1.0"?><mes:Error xmlns:mes="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:com="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"><mes:ErrorMessage code="100"><com:Text xml:lang="en">No Results Found</com:Text></mes:ErrorMessage></mes:Error>`, ErrErrorMessage, false},
		{"footer error", `<m:GenericData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:f="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message/footer"><m:DataSet/><f:Footer><f:Message code="510" severity="Error"><Text>Response too large</Text></f:Message></f:Footer></m:GenericData>`, ErrErrorMessage, false},
		{"not sdmx", `<rss version="2.0"><channel/></rss>`, ErrNotSDMX, false},
		{"structure message", `<m:Structure xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"><m:Structures/></m:Structure>`, ErrNotSDMX, false},
		{"second root", `<m:GenericData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"></m:GenericData><m:GenericData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"/>`, ErrNotSDMX, true},
		{"generic value without id", `<m:GenericData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"><m:DataSet><Series><SeriesKey><Value value="A"/></SeriesKey></Series></m:DataSet></m:GenericData>`, ErrStructure, true},
		{"bad UNIT_MULT", `<m:StructureSpecificData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"><m:DataSet><Series A="1" UNIT_MULT="3.5"><Obs TIME_PERIOD="2020" OBS_VALUE="1"/></Series></m:DataSet></m:StructureSpecificData>`, ErrStructure, true},
		{"unsupported encoding", `<?xml version="1.0" encoding="Shift_JIS"?><m:GenericData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"/>`, nil, true},
		{"mismatched tags", `<m:GenericData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"><m:DataSet></m:GenericData>`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(t, uri, []byte(tt.body))
			assertURIError(t, err, uri, tt.want)
			var de *extract.DecodeError
			if tt.isPos && (!errors.As(err, &de) || de.Origin.Row == 0) {
				t.Errorf("error %q: want a *extract.DecodeError with a line", err)
			}
		})
	}
}
