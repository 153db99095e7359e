package sdmx

import (
	"strings"
	"testing"
)

// TestCSV2SpecExamples reads the examples of the SDMX-CSV 2.0 data message
// field guide (sdmx-twg/sdmx-csv, docs/data_message_field_guide.md), with
// numbers where the guide writes placeholder words, and checks what each
// row becomes: its series key, period, value, and rejection.
func TestCSV2SpecExamples(t *testing.T) {
	type want struct{ series, period, value, column, reject string }
	tests := []struct {
		name  string
		input string
		rows  []want
	}{{
		name: "ordinary case, custom column UPDATED",
		input: "STRUCTURE,STRUCTURE_ID,ACTION,DIM_1,DIM_2,DIM_3,OBS_VALUE,ATTR_2,ATTR_3,ATTR_1,UPDATED\n" +
			"dataflow,ESTAT:NA_MAIN(1.6.0),I,A,B,2014-01,12.4,Y,\"Normal, special and other values\",N,2021-01-22T13:15:41Z\n" +
			"dataflow,ESTAT:NA_MAIN(1.6.0),I,A,B,2014-02,10.8,Y,\"Normal, special and other values\",Y,2021-01-22T13:15:41Z\n",
		rows: []want{
			{"ESTAT:NA_MAIN(1.6.0)/A.B", "2014-01", "12.4", "OBS_VALUE", ""},
			{"ESTAT:NA_MAIN(1.6.0)/A.B", "2014-02", "10.8", "OBS_VALUE", ""},
		},
	}, {
		name: "components in any order, two measures, a multi-valued attribute",
		input: "STRUCTURE[;],STRUCTURE_ID,ACTION,OBS_VALUE1,OBS_VALUE2,ATTR_3,ATTR_1[],DIM_2,DIM_1,DIM_3\n" +
			"dataflow,ESTAT:NA_MAIN(1.6.0),I,12.4,12.5,\"Normal, special and other values\",X;Y,B,A,2014-01\n" +
			"dataflow,ESTAT:NA_MAIN(1.6.0),I,10.8,10.9,\"Normal, special and other values\",X;Z,B,A,2014-02\n",
		rows: []want{
			{"ESTAT:NA_MAIN(1.6.0)/B.A.OBS_VALUE1", "2014-01", "12.4", "OBS_VALUE1", ""},
			{"ESTAT:NA_MAIN(1.6.0)/B.A.OBS_VALUE2", "2014-01", "12.5", "OBS_VALUE2", ""},
			{"ESTAT:NA_MAIN(1.6.0)/B.A.OBS_VALUE1", "2014-02", "10.8", "OBS_VALUE1", ""},
			{"ESTAT:NA_MAIN(1.6.0)/B.A.OBS_VALUE2", "2014-02", "10.9", "OBS_VALUE2", ""},
		},
	}, {
		name: "varying structural artefacts on the same data structure, multi-lingual attribute",
		input: "STRUCTURE[;],STRUCTURE_ID,ACTION,DIM_1,DIM_2,DIM_3,OBS_VALUE,ATTR_1[en;fr]\n" +
			"dataflow,ESTAT:DF_NA_MAIN(1.6.0),I,A,B,2014-01,12.4,en:Any Value;fr:N'importe quelle Valeur\n" +
			"datastructure,ESTAT:DSD_NA_MAIN(1.7.0),I,A,B,2014-02,10.8,\"en:Value \"\"X\"\";fr:Valeur \"\"X\"\"\"\n" +
			"dataprovision,ESTAT:DPA_NA_MAIN(1.8.0),I,A,B,2014-03,11.2,\"en:Value \"\"Y\"\";fr:Valeur \"\"Y\"\"\"\n",
		rows: []want{
			{"ESTAT:DF_NA_MAIN(1.6.0)/A.B", "2014-01", "12.4", "OBS_VALUE", ""},
			{"ESTAT:DSD_NA_MAIN(1.7.0)/A.B", "2014-02", "10.8", "OBS_VALUE", ""},
			{"ESTAT:DPA_NA_MAIN(1.8.0)/A.B", "2014-03", "11.2", "OBS_VALUE", ""},
		},
	}, {
		name: "different data structures: each row uses its own columns",
		input: "STRUCTURE[;],STRUCTURE_ID,ACTION,DIM_A1B1,DIM_A2,DIM_A3C2,DIM_B2,DIM_C1,DIM_C3,MEAS_A1B1C1,MEAS_C2,ATTR_A1,ATTR_B1\n" +
			"dataflow,ESTAT:DF_A(1.6.0),I,DIMVAL_A1B1,DIMVAL_A2,2014-01,,,,1.5,,\"ATTRVAL_A1\",\n" +
			"datastructure,ESTAT:DSD_B(1.7.0),I,DIMVAL_A1B1,,,2014-02,,,2.5,,,\"ATTRVAL_B1\"\n" +
			"dataprovision,ESTAT:DPA_C(1.8.0),I,,,DIMVAL_A3C2,,DIMVAL_C1,2014-03,3.5,4.5,,\n",
		rows: []want{
			{"ESTAT:DF_A(1.6.0)/DIMVAL_A1B1.DIMVAL_A2.MEAS_A1B1C1", "2014-01", "1.5", "MEAS_A1B1C1", ""},
			{"ESTAT:DSD_B(1.7.0)/DIMVAL_A1B1.MEAS_A1B1C1", "2014-02", "2.5", "MEAS_A1B1C1", ""},
			{"ESTAT:DPA_C(1.8.0)/DIMVAL_A3C2.DIMVAL_C1.MEAS_A1B1C1", "2014-03", "3.5", "MEAS_A1B1C1", ""},
			{"ESTAT:DPA_C(1.8.0)/DIMVAL_A3C2.DIMVAL_C1.MEAS_C2", "2014-03", "4.5", "MEAS_C2", ""},
		},
	}, {
		name: "rows of attributes for partial keys mixed with observations",
		input: "STRUCTURE,STRUCTURE_ID,ACTION,DIM_1,DIM_2,DIM_3,MEAS_1,ATTR_1,ATTR_2\n" +
			"dataflow,AGENCY:DF_ID(1.0.0),I,A,B,2014-01,12.4,N,\n" +
			"dataflow,AGENCY:DF_ID(1.0.0),I,,B,,,,Y\n",
		rows: []want{
			{"AGENCY:DF_ID(1.0.0)/A.B.MEAS_1", "2014-01", "12.4", "MEAS_1", ""},
			{"AGENCY:DF_ID(1.0.0)/", "B", "", "", "without a measure value"},
		},
	}, {
		name: "attributes attached to partial keys only (no measure column)",
		input: "STRUCTURE,STRUCTURE_ID,ACTION,DIM_2,DIM_3,ATTR_1\n" +
			"dataprovision,AGENCY:DPA_ID(1.0.0),I,B,2014-01,N\n",
		rows: []want{{"AGENCY:DPA_ID(1.0.0)/B", "2014-01", "", "", "without a measure value"}},
	}, {
		name: "varying actions; deletion of a measure value",
		input: "STRUCTURE,STRUCTURE_ID,ACTION,DIM_1,DIM_2,DIM_3,OBS_VALUE,ATTR_2,ATTR_3,ATTR_1\n" +
			"dataflow,ESTAT:NA_MAIN(1.6.0),R,A,B,2014-02,10.8,,,Y\n" +
			"dataflow,ESTAT:NA_MAIN(1.6.0),D,A,B,2014-01,-,,,\n",
		rows: []want{
			{"ESTAT:NA_MAIN(1.6.0)/A.B", "2014-02", "10.8", "OBS_VALUE", ""},
			{"ESTAT:NA_MAIN(1.6.0)/A.B", "2014-01", "-", "OBS_VALUE", "ACTION=D (delete)"},
		},
	}, {
		name: "deleting all data of a data structure definition",
		input: "STRUCTURE,STRUCTURE_ID,ACTION\n" +
			"datastructure,ESTAT:DSD_NA_MAIN(1.6.0),D\n",
		rows: []want{{"ESTAT:DSD_NA_MAIN(1.6.0)/", "", "", "", "ACTION=D (delete)"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decode(t, "mem:spec.csv", []byte(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if len(c.rows) != len(tt.rows) {
				t.Fatalf("%d rows, want %d: %+v", len(c.rows), len(tt.rows), c.rows)
			}
			for i, w := range tt.rows {
				r := c.rows[i]
				if r.Series != w.series || r.Period != w.period || r.Value != w.value || r.Origin.Column != w.column ||
					(w.reject == "") != (r.Reject == "") || !strings.Contains(r.Reject, w.reject) {
					t.Errorf("row %d:\n got series %q period %q value %q column %q reject %q\nwant %+v",
						i, r.Series, r.Period, r.Value, r.Origin.Column, r.Reject, w)
				}
			}
		})
	}
}
