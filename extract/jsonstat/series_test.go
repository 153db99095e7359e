package jsonstat

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/extracttest"
)

// checkSeries checks that rows of a table of years × places × categories
// (× contents) make exactly wantSeries series, each with one row per year
// and place, and that neither the time nor the place dimension is in Dims.
func checkSeries(t *testing.T, rows []extract.RawRow, years, places, wantSeries int, timeID, geoID string) {
	t.Helper()
	if len(rows) != years*places*wantSeries {
		t.Fatalf("%d rows, want %d × %d × %d", len(rows), years, places, wantSeries)
	}
	perSeries := map[string]map[string]bool{}
	for i, r := range rows {
		if _, ok := r.Dims[timeID]; ok {
			t.Errorf("row %d: the time dimension %q is in Dims %v", i, timeID, r.Dims)
		}
		if _, ok := r.Dims[geoID]; ok {
			t.Errorf("row %d: the place dimension %q is in Dims %v", i, geoID, r.Dims)
		}
		if r.Period == "" || r.Geo == "" {
			t.Errorf("row %d: period %q geo %q, want both", i, r.Period, r.Geo)
		}
		k := extracttest.SeriesKey(r)
		if perSeries[k] == nil {
			perSeries[k] = map[string]bool{}
		}
		perSeries[k][r.Geo+"|"+r.Period] = true
	}
	if len(perSeries) != wantSeries {
		t.Errorf("%d distinct series, want %d: %v", len(perSeries), wantSeries, slices.Sorted(maps.Keys(perSeries)))
	}
	for k, cells := range perSeries {
		if len(cells) != years*places {
			t.Errorf("series %s has %d (place, year) cells, want %d", k, len(cells), years*places)
		}
	}
}

// cube writes a JSON-stat dataset of places × categories × contents ×
// years, values 0, 1, 2, …; with roles for 2.0, without (and with GSO's
// positional codes) for 1.x, where the time and place dimensions are known
// by their names only.
func cube(v2 bool, years, places, cats int) string {
	dim := func(label string, n int, code func(int) string, lab func(int) string) string {
		idx, labels := map[string]int{}, map[string]string{}
		for i := range n {
			idx[code(i)] = i
			labels[code(i)] = lab(i)
		}
		b, _ := json.Marshal(map[string]any{"label": label, "category": map[string]any{"index": idx, "label": labels}})
		return string(b)
	}
	pos := strconv.Itoa
	placeCode, yearCode, catCode := pos, pos, pos
	if v2 {
		placeCode = func(i int) string { return fmt.Sprintf("%02d", i+1) }
		yearCode = func(i int) string { return strconv.Itoa(2016 + i) }
		catCode = func(i int) string { return "K" + strconv.Itoa(i) }
	}
	dims := map[string]string{
		"P": dim("Tỉnh, thành phố", places, placeCode, func(i int) string { return fmt.Sprintf("Tỉnh %d", i+1) }),
		"U": dim("Thành thị, nông thôn", cats, catCode, func(i int) string { return fmt.Sprintf("Khu vực %d", i) }),
		"C": `{"label":"Chỉ tiêu","category":{"index":["TNBQ"],"label":{"TNBQ":"Thu nhập"},"unit":{"TNBQ":{"label":"Nghìn đồng"}}}}`,
		"T": dim("Năm", years, yearCode, func(i int) string { return strconv.Itoa(2016 + i) }),
	}
	ids := []string{"P", "U", "C", "T"}
	if !v2 { // 1.x, PX-Web style: the dimension ids are the names
		ids = []string{"Tỉnh, thành phố", "Thành thị, nông thôn", "ContentsCode", "Năm"}
		dims = map[string]string{ids[0]: dims["P"], ids[1]: dims["U"], ids[2]: dims["C"], ids[3]: dims["T"]}
	}
	n := years * places * cats
	values := make([]string, n)
	for i := range values {
		values[i] = strconv.Itoa(i)
	}
	var b strings.Builder
	idJSON, _ := json.Marshal(ids)
	size := fmt.Sprintf("[%d,%d,1,%d]", places, cats, years)
	var dimJSON []string
	for _, id := range ids {
		k, _ := json.Marshal(id)
		dimJSON = append(dimJSON, string(k)+":"+dims[id])
	}
	if v2 {
		fmt.Fprintf(&b, `{"version":"2.0","class":"dataset","label":"Cube","id":%s,"size":%s,"role":{"time":["T"],"geo":["P"],"metric":["C"]},"dimension":{%s},"value":[%s]}`,
			idJSON, size, strings.Join(dimJSON, ","), strings.Join(values, ","))
	} else {
		fmt.Fprintf(&b, `{"dataset":{"label":"Cube","dimension":{"id":%s,"size":%s,%s},"value":[%s]}}`,
			idJSON, size, strings.Join(dimJSON, ","), strings.Join(values, ","))
	}
	return b.String()
}

// TestSeriesAcrossYearsAndPlaces: a table of N years × M places × K
// urban/rural categories is K series, not N × M × K.
func TestSeriesAcrossYearsAndPlaces(t *testing.T) {
	const years, places, cats = 5, 4, 3
	t.Run("JSON-stat 2.0, roles", func(t *testing.T) {
		c, err := decode(t, Decoder{}, "mem://cube2.json", []byte(cube(true, years, places, cats)))
		if err != nil {
			t.Fatal(err)
		}
		checkSeries(t, c.Rows, years, places, cats, "T", "P")
		r := c.Rows[0]
		// The metric C is the series code's, so it is not in Dims either.
		if r.Series != "Cube/U=K0/C=TNBQ" || len(r.Dims) != 1 || r.Dims["U"] != "K0" || r.Geo != "01" || r.Period != "2016" || r.Unit != "Nghìn đồng" {
			t.Errorf("first row = %+v", r)
		}
	})
	t.Run("JSON-stat 1.x, no roles, positional codes", func(t *testing.T) {
		c, err := decode(t, Decoder{}, "mem://cube1.json", []byte(cube(false, years, places, cats)))
		if err != nil {
			t.Fatal(err)
		}
		checkSeries(t, c.Rows, years, places, cats, "Năm", "Tỉnh, thành phố")
		r := c.Rows[len(c.Rows)-1]
		// Without a metric role the contents dimension is one more
		// classifying dimension, kept in Dims.
		if r.Series != "Cube/Thành thị, nông thôn=Khu vực 2/ContentsCode=TNBQ" || r.Dims["Thành thị, nông thôn"] != "2" || r.Dims["ContentsCode"] != "TNBQ" ||
			len(r.Dims) != 2 || r.Geo != "Tỉnh 4" || r.Period != "2020" {
			t.Errorf("last row = %+v", r)
		}
	})
	t.Run("PX-Web json, two contents columns", func(t *testing.T) {
		var data []string
		for p := range places {
			for u := range cats {
				for y := range years {
					data = append(data, fmt.Sprintf(`{"key":["%02d","%d","%d"],"values":["%d","%d.5"]}`, p+1, u, 2016+y, p, u))
				}
			}
		}
		body := `{"columns":[{"code":"Tỉnh, thành phố","text":"Tỉnh, thành phố","type":"d"},{"code":"Thành thị, nông thôn","text":"Thành thị, nông thôn","type":"d"},` +
			`{"code":"Năm","text":"Năm","type":"t"},{"code":"TNBQ","text":"Thu nhập","type":"c"},{"code":"SLD","text":"Số lao động","type":"c"}],` +
			`"data":[` + strings.Join(data, ",") + `],"metadata":[{"label":"Bảng"}]}`
		c, err := decode(t, PXWebDecoder{}, "mem://cube.json", []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		checkSeries(t, c.Rows, years, places, 2*cats, "Năm", "Tỉnh, thành phố")
		r := c.Rows[1]
		if r.Series != "Bảng/Thành thị, nông thôn=0/ContentsCode=SLD" || len(r.Dims) != 1 || r.Dims["Thành thị, nông thôn"] != "0" {
			t.Errorf("row 1 = %+v", r)
		}
	})
}
