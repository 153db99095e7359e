package xls

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
)

func decodeReal(t *testing.T, name string) *sink {
	t.Helper()
	s := &sink{}
	if err := (Decoder{}).Decode(context.Background(), realPayload(t, name), s); err != nil {
		t.Fatal(err)
	}
	return s
}

// at returns the row sent for a cell of a sheet, failing if there is none.
func at(t *testing.T, s *sink, sheet, cell string) extract.RawRow {
	t.Helper()
	for _, r := range s.rows {
		if r.Origin.Sheet == sheet && r.Origin.Column+itoa(r.Origin.Row) == cell {
			return r
		}
	}
	t.Fatalf("no row sent for %s!%s", sheet, cell)
	return extract.RawRow{}
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

// GSO Statistical Yearbook 2002, national accounts: TCVN3 text, stacked
// tables, years as row labels, unit bands, a cover sheet without a table.
func TestRealYearbook2002(t *testing.T) {
	s := decodeReal(t, "gso_yearbook2002_national_accounts_2TKQG2002.xls")
	if len(s.info) != 1 || !strings.HasPrefix(s.info[0].Title, "1. Tổng sản phẩm trong nước theo giá thực tế phân theo khu vực kinh tế") {
		t.Errorf("info = %+v", s.info)
	}
	// GDP at current prices, 1995: 228.9 trillion dong.
	b12 := at(t, s, "khuvuckt", "B12")
	if b12.Series != "Tổng số Total" || b12.Period != "1995" || b12.Value != "228.9" || b12.Unit != "Nghìn tỷ đồng - Trill. dongs" {
		t.Errorf("khuvuckt B12 = %+v", b12)
	}
	// the preliminary year, a label with a trailing space in the file
	e19 := at(t, s, "khuvuckt", "E19")
	if e19.Period != "Sơ bộ-Prel. 2002" || e19.Status != "preliminary" || e19.Value != "206.2" ||
		e19.Series != "Chia ra - Of which / Dịch vụ Service" {
		t.Errorf("khuvuckt E19 = %+v", e19)
	}
	// the "Cơ cấu (%)" band switches the unit mid-column
	c21 := at(t, s, "khuvuckt", "C21")
	if c21.Unit != "%" || c21.Value != "27.18" || !strings.HasSuffix(c21.Series, "| Cơ cấu (%) - Structure (%)") {
		t.Errorf("khuvuckt C21 = %+v", c21)
	}
	// second stacked table: GDP at constant 1994 prices, 1995: 195.6
	b40 := at(t, s, "khuvuckt", "B40")
	if b40.Value != "195.6" || !strings.HasPrefix(b40.Dims["table"], "2. Tổng sản phẩm trong nước theo giá so sánh 1994") {
		t.Errorf("khuvuckt B40 = %+v", b40)
	}
	// years across, bilingual labels in one cell; 1998 is blank in this table
	b10 := at(t, s, "6 thanhphan kt", "B10")
	if b10.Series != "Kinh tế nhà nước - State" || b10.Period != "1995" || b10.Value != "92.0" {
		t.Errorf("thanhphan B10 = %+v", b10)
	}
	for _, r := range s.rows {
		if r.Origin.Sheet == "6 thanhphan kt" && r.Origin.Row == 10 && r.Origin.Column == "C" {
			t.Errorf("blank 1998 cell sent: %+v", r)
		}
		if r.Origin.Sheet == "Sheet4" {
			t.Errorf("cover sheet sent a row: %+v", r)
		}
		if strings.ContainsAny(r.Series+r.Period+r.Unit, "¶µ¸æÈ®") {
			t.Errorf("TCVN3 left undecoded: %+v", r)
		}
	}
	// a label split over two rows (Vietnamese, then English with the values)
	b9 := at(t, s, "sudung", "B9")
	if b9.Series != "Tổng sản phẩm trong nước / Gross domestic product" || b9.Value != "228.9" {
		t.Errorf("sudung B9 = %+v", b9)
	}
	tables := map[string]bool{}
	for _, r := range s.rows {
		tables[r.Origin.Sheet+" "+r.Dims["table"]] = true
	}
	if len(tables) != 7 || len(s.rows) != 316 {
		t.Errorf("%d tables, %d rows; want 7 tables (2 + 4 + 1) and 316 values", len(tables), len(s.rows))
	}
}

// GSO monthly report December 2012: UTF-16 strings, header cells with line
// breaks, measures merged over periods, 27 sheets of which one is scratch.
func TestRealMonthlyReport2012(t *testing.T) {
	s := decodeReal(t, "gso-monthly-report-2012-12.xls")
	e7 := at(t, s, "3GDPSS (2)", "E7")
	if e7.Series != "TỔNG SỐ" || e7.Period != "Năm 2012 so với năm 2011 (%)" || e7.Value != "105.03" || e7.Unit != "%" {
		t.Errorf("3GDPSS E7 = %+v", e7)
	}
	d7 := at(t, s, "3GDPSS (2)", "D7")
	if d7.Series != "TỔNG SỐ | Thực hiện (Tỷ đồng)" || d7.Period != "Ước tính năm 2012" || d7.Status != "estimate" || d7.Unit != "Tỷ đồng" {
		t.Errorf("3GDPSS D7 = %+v", d7)
	}
	c10 := at(t, s, "2GDPHH (2)", "C10")
	if c10.Series != "Nông, lâm nghiệp và thủy sản / Nông nghiệp | Thực hiện (Tỷ đồng)" || c10.Period != "Năm 2011" {
		t.Errorf("2GDPHH C10 = %+v", c10)
	}
	sheets := map[string]bool{}
	for _, r := range s.rows {
		sheets[r.Origin.Sheet] = true
	}
	if len(sheets) != 26 || sheets["Sheet1 (5)"] {
		t.Errorf("values from %d sheets (%v); want 26, without the scratch sheet", len(sheets), sheets)
	}
}

// ADB Key Indicators 2004: item codes as text, years across, "..." and "…"
// markers, footnotes and sources below the table.
func TestRealADBKeyIndicators(t *testing.T) {
	s := decodeReal(t, "adb_key_indicators_2004_vietnam.xls")
	c8 := at(t, s, "VIE_ki2004", "C8")
	if c8.Series != "001" || c8.SeriesName != "POPULATION / Total population a million; as of 1 July" ||
		c8.Period != "1986" || c8.Value != "61.11" {
		t.Errorf("C8 = %+v", c8)
	}
	c11 := at(t, s, "VIE_ki2004", "C11")
	if c11.Series != "004" || c11.Value != "…" {
		t.Errorf("C11 = %+v", c11)
	}
	dots := 0
	for _, r := range s.rows {
		if r.Value == "..." {
			dots++
		}
		if r.Origin.Row > 355 {
			t.Errorf("footnote or source row sent: %+v", r)
			break
		}
		if r.Period < "1986" || r.Period > "2003" || len(r.Period) != 4 {
			t.Errorf("period %q: %+v", r.Period, r)
			break
		}
	}
	if dots == 0 {
		t.Error(`no "..." values sent`)
	}
	codes := map[string]bool{}
	for _, r := range s.rows {
		codes[r.Series] = true
	}
	// 001–264, but 069 and 136 have no value in any year
	if len(codes) != 262 || codes["069"] || !codes["264"] {
		t.Errorf("%d item codes, want 262", len(codes))
	}
}

// A truncated download fails with an error that names it.
func TestRealTruncated(t *testing.T) {
	p := realPayload(t, "gso_yearbook2002_national_accounts_2TKQG2002.xls")
	for _, n := range []int{512, 4096, len(p.Body) / 2, len(p.Body) - 100} {
		q := p
		q.URI = "https://example.org/2TKQG2002.xls"
		q.Body = p.Body[:n]
		err := Decoder{}.Decode(context.Background(), q, &sink{})
		if err == nil {
			t.Errorf("cut at %d: no error", n)
			continue
		}
		if !strings.Contains(err.Error(), q.URI) {
			t.Errorf("cut at %d: error does not name the file: %v", n, err)
		}
		if errors.Is(err, ErrNoTables) {
			t.Errorf("cut at %d: reported as a workbook without tables: %v", n, err)
		}
	}
}
