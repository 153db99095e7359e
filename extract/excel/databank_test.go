package excel

import (
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

func TestDataBankHeader(t *testing.T) {
	tests := []struct {
		name    string
		cells   []string
		ok      bool
		periods map[int]string
	}{
		{"annual", []string{"Country Name", "Country Code", "Series Name", "Series Code", "1960 [YR1960]", "1961 [YR1961]"}, true, map[int]string{4: "1960", 5: "1961"}},
		{"quarterly, series first", []string{"Series Name", "Series Code", "Country Name", "Country Code", "2020Q1 [YR2020Q1]"}, true, map[int]string{4: "2020Q1"}},
		{"monthly", []string{"Country Name", "Country Code", "Series Name", "Series Code", "2020M01 [YR2020M01]"}, true, map[int]string{4: "2020M01"}},
		{"no period columns", []string{"Country Name", "Country Code", "Series Name", "Series Code"}, false, nil},
		{"a yearbook header", []string{"Chỉ tiêu", "2021", "2022"}, false, nil},
	}
	for _, tt := range tests {
		c, ok := dataBankHeader(tt.cells)
		if ok != tt.ok {
			t.Errorf("%s: ok = %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		for i, p := range tt.periods {
			if c.periods[i] != p {
				t.Errorf("%s: column %d period %q, want %q", tt.name, i, c.periods[i], p)
			}
		}
	}
}

func TestDataBankFooter(t *testing.T) {
	var info extract.Info
	for _, row := range [][]string{{"Data from database: World Development Indicators"}, {"Last Updated: 06/30/2025"}, {"Afghanistan", "AFG"}} {
		dataBankFooter(row, &info)
	}
	if info.Title != "World Development Indicators" || !info.Vintage.Equal(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("info = %+v", info)
	}
	for _, name := range []string{"Country - Metadata", "Series - Metadata", "Footnote - Metadata"} {
		if !isDataBankMetadata(name) {
			t.Errorf("%s is not taken for a metadata sheet", name)
		}
	}
}
