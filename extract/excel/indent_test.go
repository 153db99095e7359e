package excel

import (
	"bytes"
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/extracttest"
)

// TestIndentedItems: GSO's "9. Sản lượng thủy sản" nests "Cá", "Tôm" under
// "Nuôi trồng" and "Khai thác" by the cells' indent, with no spaces in the
// text. Read without the indent the second "Cá" is the first one again
// (its values rejected as duplicates); read with it, each is named by its
// parent.
func TestIndentedItems(t *testing.T) {
	f := excelize.NewFile()
	const sh = "9.Thuy san"
	f.SetSheetName("Sheet1", sh)
	f.SetSheetRow(sh, "A1", &[]any{"9. Sản lượng thủy sản"})
	f.SetSheetRow(sh, "A3", &[]any{"", "Năm 2023", "Năm 2024"})
	rows := [][]any{
		{"Tổng số", 9300, 9547},
		{"Cá", 6600, 6773},
		{"Nuôi trồng", 5500, 5721},
		{"Cá", 3700, 3826},
		{"Khai thác", 3800, 3825},
		{"Cá", 2900, 2946},
	}
	one, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1}})
	two, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Indent: 2}})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, 4+i)
		f.SetSheetRow(sh, cell, &r)
		switch r[0] {
		case "Cá":
			f.SetCellStyle(sh, cell, cell, two)
		case "Nuôi trồng", "Khai thác":
			f.SetCellStyle(sh, cell, cell, one)
		}
	}
	sink := decodeBook(t, f)
	series := map[string]string{}
	for _, r := range sink.rows {
		if r.Origin.Column == "C" {
			series[r.Origin.Column+strconv.Itoa(r.Origin.Row)] = r.Series
		}
	}
	want := map[string]string{
		"C4": "Tổng số", "C5": "Tổng số / Cá", "C6": "Tổng số / Nuôi trồng", "C7": "Tổng số / Nuôi trồng / Cá",
		"C8": "Tổng số / Khai thác", "C9": "Tổng số / Khai thác / Cá",
	}
	for c, w := range want {
		if series[c] != w {
			t.Errorf("%s series = %q, want %q", c, series[c], w)
		}
	}
}

// decodeBook writes a workbook made in a test and decodes it.
func decodeBook(t *testing.T, f *excelize.File) *rowSink {
	t.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	sink := &rowSink{}
	if err := (Decoder{}).Decode(context.Background(), extract.NewPayload("t", "t.xlsx", buf.Bytes(), time.Now()), sink); err != nil {
		t.Fatal(err)
	}
	return sink
}

// TestRealIndentedItems: in GSO's December 2024 report "Cá" is listed under
// the total, under "Nuôi trồng" and under "Khai thác" (9.Thuy san), and
// "Một số nước khác" under each continent (45.KQT quy), told apart only by
// the cells' indent. Every value cell must have a series of its own.
func TestRealIndentedItems(t *testing.T) {
	_, body := extracttest.ReadReal(t, "gso-monthly-report-2024-12.xlsx")
	sink := &rowSink{}
	if err := (Decoder{}).Decode(context.Background(), extract.NewPayload("t", "gso-monthly-report-2024-12.xlsx", body, time.Now()), sink); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	series := map[string]bool{}
	for _, r := range sink.rows {
		if r.Origin.Sheet != "9.Thuy san" && r.Origin.Sheet != "45.KQT quy" {
			continue
		}
		k := r.Origin.Sheet + "|" + r.Series + "|" + r.Period
		if at, dup := seen[k]; dup {
			t.Errorf("%s %s%d and %s: same series and period %q / %q", r.Origin.Sheet, r.Origin.Column, r.Origin.Row, at, r.Series, r.Period)
		}
		seen[k] = r.Origin.Column + strconv.Itoa(r.Origin.Row)
		series[r.Series] = true
	}
	for _, s := range []string{"Tổng số / Nuôi trồng / Cá", "Tổng số / Khai thác / Cá", "Phân theo một số nước và vùng lãnh thổ / Châu Mỹ / Một số nước khác"} {
		if !series[s] {
			t.Errorf("no series %q", s)
		}
	}
}
