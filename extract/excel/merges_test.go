package excel

import (
	"archive/zip"
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
)

// TestSheetMergesMatchExcelize checks the zip-level merge reader against
// excelize's own GetMergeCells on every sheet of a real GSO workbook (50
// sheets, merged header bands) and of a workbook written here.
func TestSheetMergesMatchExcelize(t *testing.T) {
	var bodies [][]byte
	if b, err := os.ReadFile("../../../shared/fixtures/real/gso-monthly-report-2024-12.xlsx"); err == nil {
		bodies = append(bodies, b)
	} else {
		t.Logf("real GSO workbook not available (../shared absent?), testing on the made one only: %v", err)
	}
	f := excelize.NewFile()
	f.NewSheet("Bảng 2")
	f.MergeCell("Sheet1", "A1", "D1")
	f.MergeCell("Bảng 2", "B2", "C5")
	var buf bytes.Buffer
	f.WriteTo(&buf)
	bodies = append(bodies, buf.Bytes())

	for _, body := range bodies {
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		parts, err := sheetParts(zr)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sheetMerges(parts)
		if err != nil {
			t.Fatal(err)
		}
		x, err := Open(extract.NewPayload("t", "t.xlsx", body, time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, name := range x.GetSheetList() {
			want, err := x.GetMergeCells(name)
			if err != nil {
				t.Fatal(err)
			}
			if len(got[name]) != len(want) {
				t.Errorf("sheet %q: %d merges, excelize reads %d", name, len(got[name]), len(want))
				continue
			}
			for i, m := range want {
				c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
				c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
				g := got[name][i]
				if g.FromRow != r1 || g.ToRow != r2 || g.FromCol != c1-1 || g.ToCol != c2-1 {
					t.Errorf("sheet %q merge %d: %+v, excelize %s:%s", name, i, g, m.GetStartAxis(), m.GetEndAxis())
				}
			}
			total += len(want)
		}
		x.Close()
		if total == 0 {
			t.Error("no merged cells found at all")
		}
	}
}
