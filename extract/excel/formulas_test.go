package excel

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestUncachedFormula: excelize writes formulas without a cached result, as
// scripts and some generators do; the row iterator reads such a cell as "".
// The decoder must compute it, and keep a formula it cannot compute as text
// (so transform rejects it), never skip it as empty.
func TestUncachedFormula(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Số liệu")
	f.SetSheetRow("Số liệu", "A1", &[]any{"Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Địa bàn", "2022", "2023", "2024"})
	f.SetSheetRow("Số liệu", "A2", &[]any{"KPI6_OCOP_IP_SHARE", "", "%", "", 27, 35})
	f.SetCellFormula("Số liệu", "G2", "E2+F2")
	f.SetSheetRow("Số liệu", "A3", &[]any{"KPI5_INNOVATING_ENT_SHARE", "", "%", "", 40})
	f.SetCellFormula("Số liệu", "F3", "NOSUCHFUNCTION(E3)")
	sink := decodeBook(t, f)
	got := map[string]string{}
	for _, r := range sink.rows {
		got[r.Origin.Column+string(rune('0'+r.Origin.Row))] = r.Value
	}
	if got["G2"] != "62" {
		t.Errorf("G2 = %q, want the computed 62", got["G2"])
	}
	if got["F3"] != "=NOSUCHFUNCTION(E3)" {
		t.Errorf("F3 = %q, want the formula text kept for rejection", got["F3"])
	}
	if len(sink.rows) != 5 {
		t.Errorf("%d cells read, want 5: %v", len(sink.rows), got)
	}
}
