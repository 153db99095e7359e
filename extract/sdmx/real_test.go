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

// Facts about the real fixtures (see PROVENANCE.md there), checked by
// reading the files.
func TestRealFixtures(t *testing.T) {
	type rowCheck struct {
		i   int // row index; -1 = last
		row extract.RawRow
	}
	tests := []struct {
		file    string
		rows    int
		series  int // distinct Series codes: keys without the area dimension
		info    extract.Info
		checks  []rowCheck
		allMult int // UnitMult every row must have (-1 = not checked)
	}{{
		file: "sdmx-csv-ilo-EMP_TEMP_SEX_INS_DSB_NB.csv", rows: 1, series: 1, allMult: 3,
		info: extract.Info{Title: "ILO:DF_EMP_TEMP_SEX_INS_DSB_NB(1.0)", Publisher: "ILO"},
		checks: []rowCheck{{0, extract.RawRow{
			Origin: extract.Origin{Row: 2, Column: "OBS_VALUE"},
			Series: "ILO:DF_EMP_TEMP_SEX_INS_DSB_NB(1.0)/.A.EMP_TEMP_NB.SEX_T.INS_SECTOR_TOTAL.DSB_STATUS_TOTAL",
			// The series key without REF_AREA; OBS_STATUS and the columns
			// after OBS_VALUE (UNIT_MEASURE, SOURCE, NOTE_*, DECIMALS…) are
			// attributes.
			Dims: map[string]string{"FREQ": "A", "MEASURE": "EMP_TEMP_NB", "SEX": "SEX_T",
				"INS": "INS_SECTOR_TOTAL", "DSB": "DSB_STATUS_TOTAL"},
			Geo: "KEN", Period: "2019", Value: "18073.2", Unit: "PS", UnitMult: 3,
		}}},
	}, {
		// Both rows REF_AREA ABW; SEX_T and SEX_M still make two keys.
		file: "sdmx-csv-ilo-UNE_DEAP_SEX_AGE_RT.csv", rows: 2, series: 2, allMult: 0,
		info: extract.Info{Title: "ILO:DF_UNE_DEAP_SEX_AGE_RT(1.0)", Publisher: "ILO"},
		checks: []rowCheck{{1, extract.RawRow{
			Origin: extract.Origin{Row: 3, Column: "OBS_VALUE"},
			Series: "ILO:DF_UNE_DEAP_SEX_AGE_RT(1.0)/.A.UNE_DEAP_RT.SEX_M.AGE_YTHADULT_YGE15",
			Dims:   map[string]string{"FREQ": "A", "MEASURE": "UNE_DEAP_RT", "SEX": "SEX_M", "AGE": "AGE_YTHADULT_YGE15"},
			Geo:    "ABW", Period: "2011", Value: "8.6", Unit: "PT",
		}}},
	}, {
		file: "sdmxcsv2_example04_semicolon_commadecimal.csv", rows: 2, series: 1, allMult: 0,
		info: extract.Info{Title: "Principaux agrégats des comptes nationaux", Publisher: "ESTAT"},
		checks: []rowCheck{{0, extract.RawRow{
			Origin:     extract.Origin{Row: 2, Column: "OBS_VALUE", Key: "A.B.2014-01"},
			Series:     "ESTAT:NA_MAIN(1.6.0)/A.B",
			SeriesName: "Value A, Value B",
			Dims:       map[string]string{"DIM_1": "A", "DIM_2": "B"},
			Period:     "2014-01", Value: "12,4",
		}}, {1, extract.RawRow{
			Origin:     extract.Origin{Row: 3, Column: "OBS_VALUE", Key: "A.B.2014-02"},
			Series:     "ESTAT:NA_MAIN(1.6.0)/A.B",
			SeriesName: "Value A, Value B",
			Dims:       map[string]string{"DIM_1": "A", "DIM_2": "B"}, // ATTR_1 changed from N to Y: still the same series
			Period:     "2014-02", Value: "10,8",
		}}},
	}, {
		file: "sdmxcsv2_example06_labels.csv", rows: 2, series: 1, allMult: 0,
		info: extract.Info{Title: "National Accounts Main Aggregates", Publisher: "ESTAT"},
		checks: []rowCheck{{0, extract.RawRow{
			Origin:     extract.Origin{Row: 2, Column: "OBS_VALUE"},
			Series:     "ESTAT:NA_MAIN(1.6.0)/A.B",
			SeriesName: "Value A, Value B",
			Dims:       map[string]string{"DIM_1": "A", "DIM_2": "B"},
			Period:     "2014-01", Value: "12.4",
		}}},
	}, {
		file: "sdmxcsv2_example09A_multilang.csv", rows: 3, series: 3, allMult: 0,
		info: extract.Info{Title: "ESTAT:DF_NA_MAIN(1.6.0)", Publisher: "ESTAT"},
		checks: []rowCheck{{1, extract.RawRow{
			Origin: extract.Origin{Row: 3, Column: "OBS_VALUE"},
			Series: "ESTAT:DSD_NA_MAIN(1.7.0)/A.B",
			Dims:   map[string]string{"DIM_1": "A", "DIM_2": "B"},
			Period: "2014-02", Value: "10.8",
		}}, {-1, extract.RawRow{
			Origin: extract.Origin{Row: 4, Column: "OBS_VALUE"},
			Series: "ESTAT:DPA_NA_MAIN(1.8.0)/A.B",
			Dims:   map[string]string{"DIM_1": "A", "DIM_2": "B"},
			Period: "2014-03", Value: "11.2",
		}}},
	}, {
		file: "sdmx-json-ecb-exr-time-series.json", rows: 4, series: 2, allMult: 0,
		info: extract.Info{Title: "Exchange rate dataflow", Publisher: "European Central Bank", Vintage: time.Date(2018, 3, 11, 14, 30, 47, 0, time.UTC)},
		checks: []rowCheck{{0, extract.RawRow{
			Origin:     extract.Origin{Key: "0/0"},
			Series:     "ECB:EXR(1.0)/D.NZD.EUR.SP00.A",
			SeriesName: "New Zealand dollar (NZD)",
			Dims:       map[string]string{"FREQ": "D", "CURRENCY": "NZD", "CURRENCY_DENOM": "EUR", "EXR_TYPE": "SP00", "EXR_SUFFIX": "A"},
			Period:     "2013-01-18", Value: "1.5931", Status: "A",
		}}, {-1, extract.RawRow{
			// [40.3, 0, 1]: the 1 after the attribute is an annotation index.
			Origin:     extract.Origin{Key: "1/1"},
			Series:     "ECB:EXR(1.0)/D.RUB.EUR.SP00.A",
			SeriesName: "Russian rouble (RUB)",
			Dims:       map[string]string{"FREQ": "D", "CURRENCY": "RUB", "CURRENCY_DENOM": "EUR", "EXR_TYPE": "SP00", "EXR_SUFFIX": "A"},
			Period:     "2013-01-21", Value: "40.3", Status: "A",
		}}},
	}, {
		file: "ecb_exr_ts_sdmxjson1.json", rows: 4, series: 2, allMult: 0,
		info: extract.Info{Title: "ECB:EXR(1.0)", Publisher: "European Central Bank", Vintage: time.Date(2012, 11, 29, 8, 40, 26, 0, time.UTC)},
		checks: []rowCheck{{-1, extract.RawRow{
			Origin:     extract.Origin{Key: "1/1"},
			Series:     "ECB:EXR(1.0)/D.RUB.EUR.SP00.A",
			SeriesName: "Russian rouble (RUB)",
			Dims:       map[string]string{"FREQ": "D", "CURRENCY": "RUB", "CURRENCY_DENOM": "EUR", "EXR_TYPE": "SP00", "EXR_SUFFIX": "A"},
			Period:     "2013-01-21", Value: "40.3000", Status: "A", // digits as written
		}}},
	}, {
		// 7 observations over 5 areas (LOCATION, role REF_AREA: AUS, HUN,
		// NZL, NOR, OME). Decoding the positional keys against
		// structure.dimensions.observation and dropping LOCATION leaves 4
		// keys: 5CLAT.INI.FOG.MAT.MN (AUS), 5CLAT.CHG.FOG.MAT.MN (HUN, NZL,
		// NOR), 5CLAT.INI.FOG.MAT.SE (HUN, NZL), 17CCL.CHJ.ZZZ.ZZZ.IND (OME).
		file: "sdmx-json-oecd-PART2-all.json", rows: 7, series: 4, allMult: 0,
		info: extract.Info{Title: "Part 2 - Innovation as change in classrooms and schools",
			Publisher: "Organisation for Economic Co-operation and Development", Vintage: time.Date(2021, 6, 19, 14, 6, 41, 689336000, time.UTC)},
		checks: []rowCheck{{1, extract.RawRow{
			// TIME_FORMAT is listed with no values and left out of the
			// observation arrays: index 0 is OBS_STATUS "x".
			Origin: extract.Origin{Key: "1:0:2:0:0:0"},
			Series: "PART2/.5CLAT.CHG.FOG.MAT.MN",
			SeriesName: "Percentage of class time spent on lecture-style presentations, according to teachers, " +
				"Change in percentage points, 4th grade, Mathematics, Percentage",
			Dims:  map[string]string{"IND": "5CLAT", "PER": "CHG", "GRD": "FOG", "FLD": "MAT", "MSR": "MN"},
			Geo:   "HUN", // LOCATION has role REF_AREA
			Value: "-2.13889095389401", Status: "x",
		}}, {5, extract.RawRow{
			Origin: extract.Origin{Key: "6:0:2:0:0:0"},
			Series: "PART2/.5CLAT.CHG.FOG.MAT.MN", // the same series as Hungary's
			SeriesName: "Percentage of class time spent on lecture-style presentations, according to teachers, " +
				"Change in percentage points, 4th grade, Mathematics, Percentage",
			Dims:  map[string]string{"IND": "5CLAT", "PER": "CHG", "GRD": "FOG", "FLD": "MAT", "MSR": "MN"},
			Geo:   "NOR",
			Value: "1.35138670313075", Status: "y",
		}}},
	}, {
		// One <Series>, geo="LU": one key.
		file: "sdmx-ml21-estat-nama10gdp-structurespecific.xml", rows: 4, series: 1, allMult: 0,
		info: extract.Info{Title: "ESTAT:NAMA_10_GDP(1.0)", Publisher: "ESTAT", Vintage: time.Date(2022, 11, 11, 12, 30, 30, 333000000, time.UTC)},
		checks: []rowCheck{{-1, extract.RawRow{
			Origin: extract.Origin{Row: 21, Key: "LU.B1GQ.CP_MEUR.A/2015"},
			Series: "ESTAT:NAMA_10_GDP(1.0)/.B1GQ.CP_MEUR.A",
			Dims:   map[string]string{"na_item": "B1GQ", "unit": "CP_MEUR", "freq": "A"},
			Geo:    "LU", Period: "2015", Value: "54142.3", Unit: "CP_MEUR",
		}}},
	}, {
		// 15 <Series> elements, all REF_AREA="VN"; their keys without
		// REF_AREA are still 15 distinct ones.
		file: "sdmx-ml21-imf-nsdp-vnm-labour-market.xml", rows: 737, series: 15, allMult: 3,
		info: extract.Info{Title: "IMF:ECOFIN_DSD(1.0)", Publisher: "IMF", Vintage: time.Date(2024, 10, 9, 1, 20, 18, 0, time.UTC)},
		checks: []rowCheck{{0, extract.RawRow{
			Origin: extract.Origin{Row: 1, Key: "LMI.VN.LLF_PE_NUM._Z.Q/2012-Q1"},
			Series: "IMF:ECOFIN_DSD(1.0)/LMI..LLF_PE_NUM._Z.Q",
			Dims:   map[string]string{"DATA_DOMAIN": "LMI", "INDICATOR": "LLF_PE_NUM", "COUNTERPART_AREA": "_Z", "FREQ": "Q"},
			Geo:    "VN", Period: "2012-Q1", Value: "51978.4", UnitMult: 3,
		}}, {-1, extract.RawRow{
			Origin: extract.Origin{Row: 1, Key: "LMI.VN.LMEF_AVG_XDC._Z.Q/2024-Q3"},
			Series: "IMF:ECOFIN_DSD(1.0)/LMI..LMEF_AVG_XDC._Z.Q",
			Dims:   map[string]string{"DATA_DOMAIN": "LMI", "INDICATOR": "LMEF_AVG_XDC", "COUNTERPART_AREA": "_Z", "FREQ": "Q"},
			Geo:    "VN", Period: "2024-Q3", Value: "na", UnitMult: 3, // not a number, still a row
		}}},
	}, {
		// 11 <Series> elements, all REF_AREA="VN": 11 keys without REF_AREA.
		file: "sdmx-ml21-imf-nsdp-vnm-population.xml", rows: 165, series: 11, allMult: 3,
		info: extract.Info{Title: "IMF:ECOFIN_DSD(1.0)", Publisher: "IMF", Vintage: time.Date(2024, 10, 9, 1, 24, 42, 0, time.UTC)},
		checks: []rowCheck{{-1, extract.RawRow{
			Origin: extract.Origin{Row: 1, Key: "POP.VN.VNM_LP_MRD_PE_NUM._Z.A/2023"},
			Series: "IMF:ECOFIN_DSD(1.0)/POP..VNM_LP_MRD_PE_NUM._Z.A",
			Dims:   map[string]string{"DATA_DOMAIN": "POP", "INDICATOR": "VNM_LP_MRD_PE_NUM", "COUNTERPART_AREA": "_Z", "FREQ": "A"},
			Geo:    "VN", Period: "2023", Value: "17463.286943900974", UnitMult: 3,
		}}},
	}}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := readReal(t, tt.file)
			uri := filepath.Join(realDir, tt.file)
			c, err := decode(t, uri, body)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(c.rows), tt.rows)
			}
			if len(c.infos) == 1 && c.infos[0] != tt.info {
				t.Errorf("info = %+v, want %+v", c.infos[0], tt.info)
			}
			series := map[string]bool{}
			dimsOf := map[string]map[string]string{}
			for _, r := range c.rows {
				series[r.Series] = true
				// Dims name the series with its key: rows of one series
				// key have the same Dims whatever their attributes.
				if d, seen := dimsOf[r.Series]; seen && !reflect.DeepEqual(d, r.Dims) {
					t.Errorf("%s: series %s has Dims %v here and %v before", r.Origin, r.Series, r.Dims, d)
				}
				dimsOf[r.Series] = r.Dims
				if r.Origin.URI != uri {
					t.Errorf("row origin %q, want %q", r.Origin.URI, uri)
				}
				if tt.allMult >= 0 && r.UnitMult != tt.allMult {
					t.Errorf("%s: UnitMult %d, want %d", r.Origin, r.UnitMult, tt.allMult)
				}
			}
			if len(series) != tt.series {
				t.Errorf("%d distinct series, want %d", len(series), tt.series)
			}
			for _, ch := range tt.checks {
				i := ch.i
				if i < 0 {
					i = len(c.rows) + i
				}
				if i < 0 || i >= len(c.rows) {
					t.Errorf("no row %d", ch.i)
					continue
				}
				want := ch.row
				want.Origin.URI = uri
				if !reflect.DeepEqual(c.rows[i], want) {
					t.Errorf("row %d:\n got %+v\nwant %+v", ch.i, c.rows[i], want)
				}
			}
		})
	}
}

// The NSDP labour file carries values a number parser refuses; each must
// reach transform as written.
func TestRealIMFOddValues(t *testing.T) {
	body := readReal(t, "sdmx-ml21-imf-nsdp-vnm-labour-market.xml")
	c, err := decode(t, "lmi.xml", body)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"IMF:ECOFIN_DSD(1.0)/LMI..LUM_PE_NUM._Z.Q 2023-Q2":  "519.4sb",
		"IMF:ECOFIN_DSD(1.0)/LMI..LME_AVG_XDC._Z.Q 2023-Q1": "7 902.3",
		"IMF:ECOFIN_DSD(1.0)/LMI..LME_AVG_XDC._Z.Q 2024-Q3": "na",
		"IMF:ECOFIN_DSD(1.0)/LMI..LUR_PT._Z.Q 2016-Q1":      "2.25",
	}
	na := 0
	seen := map[string]bool{}
	for _, r := range c.rows {
		if v, ok := want[r.Series+" "+r.Period]; ok {
			seen[r.Series+" "+r.Period] = true
			if r.Value != v {
				t.Errorf("%s %s = %q, want %q", r.Series, r.Period, r.Value, v)
			}
		}
		if r.Value == "na" {
			na++
		}
	}
	if na != 42 {
		t.Errorf("%d values 'na', want 42", na)
	}
	for k := range want {
		if !seen[k] {
			t.Errorf("no row %s", k)
		}
	}
}

// A real file cut in the middle is refused with an error naming it.
func TestRealTruncated(t *testing.T) {
	for _, f := range []string{"sdmx-ml21-imf-nsdp-vnm-population.xml", "sdmx-json-oecd-PART2-all.json"} {
		t.Run(f, func(t *testing.T) {
			body := readReal(t, f)
			_, err := decode(t, f, body[:len(body)*2/3])
			assertURIError(t, err, f, nil)
			var de *extract.DecodeError
			if !errors.As(err, &de) {
				t.Errorf("error %q is not a *extract.DecodeError", err)
			}
		})
	}
}

// Payloads that other decoders own are refused by Decode too, naming the
// payload.
func TestRealNotSDMX(t *testing.T) {
	for _, f := range []string{"worldbank-api-gdp.json", "jsonstat2-pxweb-statfin-11rc.json", "jsonstat-eurostat-gdp-italy.json",
		"gso-gdp-constant-2010-by-sector.csv", "errors/worldbank-api-v2-error-invalid-indicator.json"} {
		t.Run(f, func(t *testing.T) {
			body := readReal(t, f)
			_, err := decode(t, f, body)
			assertURIError(t, err, f, nil)
			if strings.Contains(f, "jsonstat") && !errors.Is(err, ErrNotSDMX) {
				t.Errorf("error %q does not wrap ErrNotSDMX", err)
			}
		})
	}
}

type countSink struct{ n int }

func (c *countSink) Describe(extract.Info)      {}
func (c *countSink) Row(r extract.RawRow) error { c.n++; return nil }

func BenchmarkDecodeReal(b *testing.B) {
	for _, f := range []string{"sdmx-ml21-imf-nsdp-vnm-labour-market.xml", "sdmx-json-oecd-PART2-all.json", "sdmx-csv-ilo-UNE_DEAP_SEX_AGE_RT.csv"} {
		b.Run(f, func(b *testing.B) {
			body, err := os.ReadFile(filepath.Join(realDir, f))
			if err != nil {
				b.Skipf("real fixture %s absent: %v", f, err)
			}
			p := extract.NewPayload("bench", f, body, time.Time{})
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if err := (&Decoder{}).Decode(context.Background(), p, &countSink{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
