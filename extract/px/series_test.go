package px

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract/extracttest"
)

// matrix writes a PX file of places × categories (STUB) by years (HEADING),
// GSO's layout; with timeval the years are marked by TIMEVAL and the places
// by MAP, otherwise only their names ("Năm", "Tỉnh, thành phố") say what
// they are.
func matrix(years, places, cats int, timeval bool) string {
	list := func(n int, f func(int) string) string {
		s := make([]string, n)
		for i := range s {
			s[i] = strconv.Quote(f(i))
		}
		return strings.Join(s, ",")
	}
	year := func(i int) string { return strconv.Itoa(2019 + i) }
	var b strings.Builder
	b.WriteString("CODEPAGE=\"utf-8\";\nMATRIX=\"TLTN\";\nCONTENTS=\"Tỷ lệ thất nghiệp\";\nUNITS=\"%\";\n")
	b.WriteString("STUB=\"Tỉnh, thành phố\",\"Thành thị, nông thôn\";\nHEADING=\"Năm\";\n")
	fmt.Fprintf(&b, "VALUES(\"Tỉnh, thành phố\")=%s;\n", list(places, func(i int) string { return fmt.Sprintf("Tỉnh %d", i+1) }))
	fmt.Fprintf(&b, "CODES(\"Tỉnh, thành phố\")=%s;\n", list(places, func(i int) string { return fmt.Sprintf("%02d", i+1) }))
	fmt.Fprintf(&b, "VALUES(\"Thành thị, nông thôn\")=%s;\n", list(cats, func(i int) string { return fmt.Sprintf("Khu vực %d", i) }))
	fmt.Fprintf(&b, "VALUES(\"Năm\")=%s;\n", list(years, year))
	if timeval {
		fmt.Fprintf(&b, "TIMEVAL(\"Năm\")=TLIST(A1),%s;\nMAP(\"Tỉnh, thành phố\")=\"vn_provinces\";\n", list(years, year))
	}
	b.WriteString("DATA=\n")
	for range places * cats {
		for y := range years {
			if y == 0 {
				b.WriteString("\"..\"") // a symbol in every line, to count it like a number
			} else {
				fmt.Fprintf(&b, " %d.5", y)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString(";\n")
	return b.String()
}

// TestSeriesAcrossYearsAndPlaces: a table of N years × M places × K
// urban/rural categories is K series, not N × M × K.
func TestSeriesAcrossYearsAndPlaces(t *testing.T) {
	const years, places, cats = 6, 3, 4
	for _, timeval := range []bool{true, false} {
		t.Run(fmt.Sprintf("TIMEVAL and MAP %t", timeval), func(t *testing.T) {
			c, err := decode(t, "mem://tltn.px", []byte(matrix(years, places, cats, timeval)))
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Rows) != years*places*cats {
				t.Fatalf("%d rows, want %d", len(c.Rows), years*places*cats)
			}
			perSeries := map[string]map[string]bool{}
			for i, r := range c.Rows {
				if _, ok := r.Dims["Năm"]; ok {
					t.Errorf("row %d: the year is in Dims %v", i, r.Dims)
				}
				if _, ok := r.Dims["Tỉnh, thành phố"]; ok {
					t.Errorf("row %d: the province is in Dims %v", i, r.Dims)
				}
				k := extracttest.SeriesKey(r)
				if perSeries[k] == nil {
					perSeries[k] = map[string]bool{}
				}
				perSeries[k][r.Geo+"|"+r.Period] = true
			}
			if len(perSeries) != cats {
				t.Errorf("%d distinct series, want %d: %v", len(perSeries), cats, slices.Sorted(maps.Keys(perSeries)))
			}
			for k, cells := range perSeries {
				if len(cells) != years*places {
					t.Errorf("series %s has %d (place, year) cells, want %d", k, len(cells), years*places)
				}
			}
			r := c.Rows[years*(cats+1)] // second place, second category, first year
			if r.Series != "TLTN/Thành thị, nông thôn=Khu vực 1" || len(r.Dims) != 1 || r.Dims["Thành thị, nông thôn"] != "Khu vực 1" ||
				r.Geo != "02" || r.Period != "2019" || r.Value != ".." || r.Status != "" || r.Unit != "%" {
				t.Errorf("row %d = %+v", years*(cats+1), r)
			}
		})
	}
}
