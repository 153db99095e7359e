package sdmx

import (
	"errors"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
)

func TestDecodeCSV(t *testing.T) {
	const uri = "mem:test.csv"
	tests := []struct {
		name  string
		input string
		info  extract.Info
		rows  []extract.RawRow
	}{{
		name: "sdmx-csv 1.0",
		input: "DATAFLOW,REF_AREA,FREQ,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MEASURE,UNIT_MULT,SOURCE\n" +
			"ILO:DF_X(1.0),VNM,A,SEX_T,2023,1234.5,P,PS,3,LFS\n" +
			"ILO:DF_X(1.0),VNM,A,SEX_F,2023,,M,PS,3,\n",
		info: extract.Info{Title: "ILO:DF_X(1.0)", Publisher: "ILO"},
		rows: []extract.RawRow{{
			Origin: extract.Origin{URI: uri, Row: 2, Column: "OBS_VALUE"},
			Series: "ILO:DF_X(1.0)/.A.SEX_T",
			Dims:   map[string]string{"FREQ": "A", "SEX": "SEX_T"}, // not REF_AREA (Geo), no attribute
			Geo:    "VNM", Period: "2023", Value: "1234.5", Unit: "PS", UnitMult: 3, Status: "P",
		}, {
			Origin: extract.Origin{URI: uri, Row: 3, Column: "OBS_VALUE"},
			Series: "ILO:DF_X(1.0)/.A.SEX_F",
			Dims:   map[string]string{"FREQ": "A", "SEX": "SEX_F"},
			Geo:    "VNM", Period: "2023", Value: "", Unit: "PS", UnitMult: 3, Status: "M",
		}},
	}, {
		name: "blank lines, CRLF, quoted field over two lines, bad value kept",
		input: "\r\n\r\nDATAFLOW;GEO;TIME_PERIOD;OBS_VALUE;NOTE\r\n" +
			"A:B(1.0);01;2023-Q2;1.234,5;\"first line\r\nsecond line\"\r\n" +
			"A:B(1.0);01;2023-Q3;n/a;\r\n",
		info: extract.Info{Title: "A:B(1.0)", Publisher: "A"},
		rows: []extract.RawRow{{
			Origin: extract.Origin{URI: uri, Row: 4, Column: "OBS_VALUE"},
			Series: "A:B(1.0)/", // GEO, the only dimension, left empty
			Dims:   map[string]string{},
			Geo:    "01", Period: "2023-Q2", Value: "1.234,5",
		}, {
			Origin: extract.Origin{URI: uri, Row: 6, Column: "OBS_VALUE"},
			Series: "A:B(1.0)/", // GEO, the only dimension, left empty
			Dims:   map[string]string{},
			Geo:    "01", Period: "2023-Q3", Value: "n/a",
		}},
	}, {
		name: "sdmx-csv 2.0 labels=both, keys, no TIME_PERIOD column, delete action",
		input: "STRUCTURE[;]|STRUCTURE_ID|ACTION|SERIES_KEY|OBS_KEY|FREQ: Frequency|REF_AREA: Area|PERIOD: Period|OBS_VALUE: Value|UNIT_MULT: Multiplier|TITLE: Title\n" +
			"dataflow|GSO:DF_GDP(1.0): Tổng sản phẩm|I|A.VN-HN|A.VN-HN.2023|A: Annual|VN-HN: Hà Nội|2023: 2023|12,4|6: Millions|GRDP Hà Nội\n" +
			"dataflow|GSO:DF_GDP(1.0): Tổng sản phẩm|D|A.VN-HN|A.VN-HN.2022|A: Annual|VN-HN: Hà Nội|2022: 2022||6: Millions|\n",
		info: extract.Info{Title: "Tổng sản phẩm", Publisher: "GSO"},
		rows: []extract.RawRow{{
			Origin:     extract.Origin{URI: uri, Row: 2, Column: "OBS_VALUE", Key: "A.VN-HN.2023"},
			Series:     "GSO:DF_GDP(1.0)/A.",
			SeriesName: "GRDP Hà Nội",
			Dims:       map[string]string{"FREQ": "A"},
			Geo:        "VN-HN", Period: "2023", Value: "12,4", UnitMult: 6,
		}, {
			Origin:     extract.Origin{URI: uri, Row: 3, Column: "OBS_VALUE", Key: "A.VN-HN.2022"},
			Series:     "GSO:DF_GDP(1.0)/A.",
			SeriesName: "Annual", // labels of the key without the area's
			Dims:       map[string]string{"FREQ": "A"},
			Geo:        "VN-HN", Period: "2022", Value: "", UnitMult: 6,
			Reject: "SDMX ACTION=D (delete) is not a value; chitieu keeps every vintage",
		}},
	}, {
		name: "sdmx-csv 2.0 labels=name",
		input: "STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,ACTION,REF_AREA,Area,TIME_PERIOD,Time,OBS_VALUE,Value,OBS_STATUS,Status\n" +
			"dataflow,X:Y(2.0),Population,I,VNM,Viet Nam,2024,2024,100.3,,P,Provisional\n",
		info: extract.Info{Title: "Population", Publisher: "X"},
		rows: []extract.RawRow{{
			Origin:     extract.Origin{URI: uri, Row: 2, Column: "OBS_VALUE"},
			Series:     "X:Y(2.0)/",
			SeriesName: "", // the area's label is not the series' name
			Dims:       map[string]string{},
			Geo:        "VNM", Period: "2024", Value: "100.3", Status: "P",
		}},
	}, {
		// Attribute columns among the dimensions, before OBS_VALUE, and no
		// TIME_PERIOD column: the time dimension is the last dimension,
		// not the last column before OBS_VALUE. UNIT_MEASURE before
		// OBS_VALUE is a dimension (OECD structures have it in the key).
		name: "attributes before OBS_VALUE",
		input: "DATAFLOW,REF_AREA,UNIT_MEASURE,MEASURE,PERIOD,OBS_STATUS,UNIT_MULT,COMMENT_OBS,OBS_VALUE,DECIMALS\n" +
			"OECD:DF_Y(1.0),VNM,USD,GDP,2022,A,6,,409.0,1\n" +
			"OECD:DF_Y(1.0),VNM,USD,GDP,2023,P,6,first estimate,430.0,1\n",
		info: extract.Info{Title: "OECD:DF_Y(1.0)", Publisher: "OECD"},
		rows: []extract.RawRow{{
			Origin: extract.Origin{URI: uri, Row: 2, Column: "OBS_VALUE"},
			Series: "OECD:DF_Y(1.0)/.USD.GDP",
			Dims:   map[string]string{"UNIT_MEASURE": "USD", "MEASURE": "GDP"},
			Geo:    "VNM", Period: "2022", Value: "409.0", Unit: "USD", UnitMult: 6, Status: "A",
		}, {
			Origin: extract.Origin{URI: uri, Row: 3, Column: "OBS_VALUE"},
			Series: "OECD:DF_Y(1.0)/.USD.GDP",
			Dims:   map[string]string{"UNIT_MEASURE": "USD", "MEASURE": "GDP"}, // the same series although OBS_STATUS changed
			Geo:    "VNM", Period: "2023", Value: "430.0", Unit: "USD", UnitMult: 6, Status: "P",
		}},
	}, {
		name:  "header only",
		input: "DATAFLOW,TIME_PERIOD,OBS_VALUE\n",
		info:  extract.Info{},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decode(t, uri, []byte(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if len(c.infos) == 1 && c.infos[0] != tt.info {
				t.Errorf("info = %+v, want %+v", c.infos[0], tt.info)
			}
			rowsEqual(t, c.rows, tt.rows)
		})
	}
}

func TestDecodeCSVErrors(t *testing.T) {
	const uri = "mem:bad.csv"
	tests := []struct {
		name  string
		input string
		want  error
		row   int // line the DecodeError points at; 0 = not a DecodeError
	}{
		{"plain csv", "Year,Value\n2020,1\n", ErrNotSDMX, 0},
		{"no OBS_VALUE column (unknown layout)", "DATAFLOW,REF_AREA,TIME_PERIOD,VALUE\nA:B,VNM,2020,1\n", ErrNotSDMX, 1},
		{"labels=name with a missing label column", "STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,REF_AREA,Area,OBS_VALUE\n", ErrNotSDMX, 1},
		{"empty component header", "DATAFLOW,,OBS_VALUE\nA,B,1\n", ErrNotSDMX, 1},
		{"row with too few fields", "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nA:B,VNM,2020,1\nA:B,VNM,2021\n", nil, 3},
		{"bare quote", "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nA:B,V\"NM,2020,1\n", nil, 2},
		{"UNIT_MULT not an integer", "DATAFLOW,TIME_PERIOD,OBS_VALUE,UNIT_MULT\nA:B,2020,1,thousands\n", ErrStructure, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(t, uri, []byte(tt.input))
			assertURIError(t, err, uri, tt.want)
			var de *extract.DecodeError
			if tt.row > 0 {
				if !errors.As(err, &de) {
					t.Fatalf("error %q is not a *extract.DecodeError", err)
				}
				if de.Origin.Row != tt.row {
					t.Errorf("error at row %d, want %d", de.Origin.Row, tt.row)
				}
			}
		})
	}
}

func TestCSVDialect(t *testing.T) {
	tests := []struct {
		head    string
		sep     rune
		version int
		ok      bool
	}{
		{"DATAFLOW,X", ',', 1, true},
		{"DATAFLOW;X", ';', 1, true},
		{`"DATAFLOW";"X"`, ';', 1, true},
		{"STRUCTURE[;],STRUCTURE_ID", ',', 2, true},
		{"STRUCTURE[|];STRUCTURE_ID", ';', 2, true},
		{`"STRUCTURE"	"STRUCTURE_ID"`, '\t', 2, true},
		{"DATAFLOW", 0, 0, false},
		{"DATAFLOW X", 0, 0, false},
		{`"DATAFLOW,X`, 0, 0, false},
		{"STRUCTURE,STRUCTURE", 0, 0, false},
	}
	for _, tt := range tests {
		sep, v, ok := csvDialect([]byte(tt.head))
		if sep != tt.sep || v != tt.version || ok != tt.ok {
			t.Errorf("csvDialect(%q) = %q, %d, %v; want %q, %d, %v", tt.head, sep, v, ok, tt.sep, tt.version, tt.ok)
		}
	}
}
