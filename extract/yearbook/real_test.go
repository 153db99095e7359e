package yearbook

import (
	"errors"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
)

// find returns the row sent for a cell ("C9"), failing the test if none.
func find(t *testing.T, rows []extract.RawRow, cell string) extract.RawRow {
	t.Helper()
	for _, r := range rows {
		if r.Origin.Column+itoa(r.Origin.Row) == cell {
			return r
		}
	}
	t.Fatalf("no row sent for cell %s", cell)
	return extract.RawRow{}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// GSO monthly report, December 2024, sheet "1.GDP HH": GDP at current
// prices by sector. Header over four rows (Sơ bộ / quý III / năm / 2024),
// unit in a lone cell (H3 "Tỷ đồng"), structure columns headed "Cơ cấu (%)",
// totals in column A (merged A9:B9) and sectors in column B.
func TestRealGSOMonthly2024GDP(t *testing.T) {
	s, n, err := decodeXLSX(t, "gso-monthly-report-2024-12.xlsx", "1.GDP HH", false)
	if err != nil || n != 1 {
		t.Fatalf("tables = %d, err = %v", n, err)
	}
	c9 := find(t, s.rows, "C9")
	if c9.Series != "TỔNG SỐ" || c9.Period != "Sơ bộ quý III năm 2024" || c9.Value != "2894998" ||
		c9.Unit != "Tỷ đồng" || c9.Status != "preliminary" {
		t.Errorf("C9 = %+v", c9)
	}
	if c9.Origin.Sheet != "1.GDP HH" || c9.Origin.URI != "gso-monthly-report-2024-12.xlsx" {
		t.Errorf("C9 origin = %+v", c9.Origin)
	}
	if got := c9.Dims["table"]; got != "1. Tổng sản phẩm trong nước theo giá hiện hành" {
		t.Errorf("table title = %q", got)
	}
	d9 := find(t, s.rows, "D9")
	if d9.Period != "Ước tính quý IV năm 2024" || d9.Status != "estimate" {
		t.Errorf("D9 = %+v", d9)
	}
	h9 := find(t, s.rows, "H9")
	if h9.Series != "TỔNG SỐ | Cơ cấu (%)" || h9.Period != "Cả năm 2024" || h9.Unit != "%" || h9.Value != "100.00" {
		t.Errorf("H9 = %+v", h9)
	}
	c11 := find(t, s.rows, "C11")
	if c11.Series != "TỔNG SỐ / Nông nghiệp" || c11.Value != "244922" {
		t.Errorf("C11 = %+v", c11)
	}
	// A label with an embedded line break is read as one line.
	c18 := find(t, s.rows, "C18")
	if strings.Contains(c18.Series, "\n") || !strings.Contains(c18.Series, "nước nóng, hơi nước") {
		t.Errorf("C18 series = %q", c18.Series)
	}
	for _, r := range s.rows {
		if r.Origin.Row < 9 {
			t.Errorf("header row %d sent as data: %+v", r.Origin.Row, r)
		}
	}
}

// Sheet "47.Laodong": quarters across, a lone unit band "Nghìn người"
// (B8:F8) above the data and a band "Cơ cấu - %" (B21:F21) that switches
// the unit mid-table.
func TestRealGSOMonthly2024LabourBand(t *testing.T) {
	s, _, err := decodeXLSX(t, "gso-monthly-report-2024-12.xlsx", "47.Laodong", false)
	if err != nil {
		t.Fatal(err)
	}
	b9 := find(t, s.rows, "B9")
	if b9.Series != "Lực lượng lao động từ 15 tuổi trở lên" || b9.Period != "Quý I năm 2024" ||
		b9.Value != "52392.2" || b9.Unit != "Nghìn người" {
		t.Errorf("B9 = %+v", b9)
	}
	b23 := find(t, s.rows, "B23")
	if b23.Series != "Lực lượng lao động từ 15 tuổi trở lên | Cơ cấu - %" || b23.Unit != "Cơ cấu - %" || b23.Value != "100.0" {
		t.Errorf("B23 = %+v", b23)
	}
	b11 := find(t, s.rows, "B11")
	if b11.Series != "Phân theo giới tính / Nam" {
		t.Errorf("B11 series = %q", b11.Series)
	}
	f9 := find(t, s.rows, "F9")
	if f9.Period != "Ước tính năm 2024" || f9.Status != "estimate" {
		t.Errorf("F9 = %+v", f9)
	}
}

// Sheet "44.KQT": the unit "Lượt người" above the table, growth columns
// whose period text wraps over four rows and ends in "(%)".
func TestRealGSOMonthly2024Visitors(t *testing.T) {
	s, _, err := decodeXLSX(t, "gso-monthly-report-2024-12.xlsx", "44.KQT", false)
	if err != nil {
		t.Fatal(err)
	}
	c8 := find(t, s.rows, "C8")
	if c8.Series != "TỔNG SỐ" || c8.Period != "Tháng 11 năm 2024" || c8.Value != "1711512" || c8.Unit != "Lượt người" {
		t.Errorf("C8 = %+v", c8)
	}
	f8 := find(t, s.rows, "F8")
	if f8.Series != "TỔNG SỐ" || f8.Period != "Tháng 12 năm 2024 so với cùng kỳ năm trước (%)" || f8.Unit != "%" {
		t.Errorf("F8 = %+v", f8)
	}
}

// Every sheet of the December 2024 report either yields a table or says it
// has none; none fails otherwise.
func TestRealGSOMonthly2024AllSheets(t *testing.T) {
	const file = "gso-monthly-report-2024-12.xlsx"
	f := openXLSX(t, file)
	withTables, rows := 0, 0
	for _, name := range f.GetSheetList() {
		s, n, err := decodeSheet(t, f, file, name, false)
		switch {
		case errors.Is(err, ErrNoTable):
			if !strings.Contains(err.Error(), name) {
				t.Errorf("%s: error does not name the sheet: %v", name, err)
			}
		case err != nil:
			t.Errorf("%s: %v", name, err)
		default:
			withTables++
			rows += len(s.rows)
			for _, r := range s.rows {
				if r.Series == "" || r.Period == "" || r.Value == "" {
					t.Errorf("%s %s%d: incomplete row %+v", name, r.Origin.Column, r.Origin.Row, r)
					break
				}
			}
		}
		_ = n
	}
	t.Logf("%d of %d sheets hold tables, %d value cells", withTables, len(f.GetSheetList()), rows)
	if withTables < 45 {
		t.Errorf("only %d sheets with tables", withTables)
	}
}

// Penn World Table excerpt: a long table (one row per country and year, a
// "year" column), 12,810 rows, read through excelize's streaming iterator.
func TestRealPWTLongTable(t *testing.T) {
	s, n, err := decodeXLSX(t, "pwt1001-excerpt.xlsx", "Data", true)
	if err != nil || n != 1 {
		t.Fatalf("tables = %d, err = %v", n, err)
	}
	var vnm2019 *extract.RawRow
	for i, r := range s.rows {
		if r.Series == "VNM Viet Nam Dong | hc" && r.Period == "2019" {
			vnm2019 = &s.rows[i]
		}
	}
	if vnm2019 == nil || !strings.HasPrefix(vnm2019.Value, "2.86999") {
		t.Fatalf("Viet Nam hc 2019 = %+v", vnm2019)
	}
	if len(s.rows) < 15000 {
		t.Errorf("%d rows sent", len(s.rows))
	}
}

// The header phrases of the December 2024 report that were misread: a
// status cut over two rows ("Sơ " / "bộ"), a year merged over its quarters
// ("Năm 2024" / "Quý II"), a header row holding a calculation (17), a
// period only in the title (25, 3), a parent period not merged over its
// columns (18), headings over blocks of periods down the rows (48).
func TestRealGSOMonthly2024HeaderPhrases(t *testing.T) {
	const file = "gso-monthly-report-2024-12.xlsx"
	f := openXLSX(t, file)
	tests := []struct {
		sheet, cell, series, period, status string
	}{
		{"7-8.Chan nuoi- LN", "B10", "Sản lượng thịt hơi xuất chuồng (Nghìn tấn) / Thịt lợn", "Sơ bộ quý III năm 2024", "preliminary"},
		{"7-8.Chan nuoi- LN", "C30", "Diện tích rừng trồng mới tập trung (Nghìn ha)", "Ước tính quý IV năm 2024", "estimate"},
		{"9.Thuy san", "D11", "Tổng số", "Ước tính năm 2024", "estimate"},
		{"50.XHMT", "D8", "Tai nạn giao thông / Tổng số vụ tai nạn giao thông", "Năm 2024 Quý II", ""},
		{"17. Chi tieu DN", "B10", "Doanh nghiệp đăng ký thành lập mới (DN)", "Tháng 11 năm 2024", ""},
		{"25. FDI", "C7", "TỔNG SỐ | Số dự án (Dự án)", "năm 2024", ""},
		{"3.Tien do", "C11", "2. Gieo trồng một số cây vụ đông / Ngô", "tháng 12 năm 2023", ""},
		{"18. DN DK thanh lap", "M10", "TỔNG SỐ | Vốn đăng ký (Tỷ đồng)", "Năm 2023", ""},
		{"48.thatnghiep", "B22", "Tỷ lệ thiếu việc làm trong độ tuổi lao động | Chung", "Quý I năm 2024", ""},
	}
	sheets := map[string]*sink{}
	for _, tt := range tests {
		s := sheets[tt.sheet]
		if s == nil {
			var err error
			if s, _, err = decodeSheet(t, f, file, tt.sheet, false); err != nil {
				t.Fatalf("%s: %v", tt.sheet, err)
			}
			sheets[tt.sheet] = s
		}
		r := find(t, s.rows, tt.cell)
		if r.Series != tt.series || r.Period != tt.period || r.Status != tt.status {
			t.Errorf("%s %s: series %q period %q status %q; want %q %q %q", tt.sheet, tt.cell, r.Series, r.Period, r.Status, tt.series, tt.period, tt.status)
		}
	}
	for _, r := range sheets["17. Chi tieu DN"].rows {
		if strings.Contains(r.Period, "Doanh nghiệp") {
			t.Errorf("a data row read as a header: %s%d period %q", r.Origin.Column, r.Origin.Row, r.Period)
			break
		}
	}
}
