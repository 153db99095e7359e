package yearbook

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
)

// cellRow is what a test expects for one value cell.
type cellRow struct {
	cell, series, period, value, unit, status string
}

func decodeGrid(t *testing.T, rows [][]string, merged []Range) (*sink, int, error) {
	t.Helper()
	s := &sink{}
	n, err := Decode(context.Background(), extract.Payload{URI: "test.xlsx"}, &gridSheet{name: "Biểu 1", rows: rows}, merged, s)
	return s, n, err
}

func got(rows []extract.RawRow) []cellRow {
	var out []cellRow
	for _, r := range rows {
		out = append(out, cellRow{r.Origin.Column + itoa(r.Origin.Row), r.Series, r.Period, r.Value, r.Unit, r.Status})
	}
	return out
}

func TestDecodeGrids(t *testing.T) {
	tests := []struct {
		name   string
		rows   [][]string
		merged []Range
		tables int
		want   []cellRow // checked in order, as a prefix-free subset: every listed cell must be sent as given
		count  int       // total value cells sent
		absent []string  // cells that must not be sent
	}{
		{
			name: "years across, lone unit cell, indented sub-items, markers, footnote",
			rows: [][]string{
				{"Biểu 5. Tổng sản phẩm trên địa bàn"},
				{"", "", "", "Tỷ đồng"},
				{"Chỉ tiêu", "2021", "2022", "Sơ bộ 2023"},
				{"Tổng số", "1.234,5", "1.300,0", "1.401,2"},
				{"  Nông nghiệp", "100,1", "..", "x"},
				{"  Công nghiệp", "200", "-", "…"},
				{"Thuế sản phẩm", "", "12", "n/a"},
				{},
				{"Ghi chú: Số liệu năm 2023 là số liệu sơ bộ, sẽ được cập nhật khi có số liệu chính thức."},
			},
			tables: 1,
			count:  11,
			want: []cellRow{
				{"B4", "Tổng số", "2021", "1.234,5", "Tỷ đồng", ""},
				{"D4", "Tổng số", "Sơ bộ 2023", "1.401,2", "Tỷ đồng", "preliminary"},
				{"B5", "Tổng số / Nông nghiệp", "2021", "100,1", "Tỷ đồng", ""},
				{"C5", "Tổng số / Nông nghiệp", "2022", "..", "Tỷ đồng", ""},
				{"D5", "Tổng số / Nông nghiệp", "Sơ bộ 2023", "x", "Tỷ đồng", "preliminary"},
				{"C6", "Tổng số / Công nghiệp", "2022", "-", "Tỷ đồng", ""},
				{"D7", "Thuế sản phẩm", "Sơ bộ 2023", "n/a", "Tỷ đồng", "preliminary"},
			},
			absent: []string{"B7", "A9", "B3"},
		},
		{
			// Regression: a data row with plain numbers followed by two
			// values between 1800 and 2100 was taken for a header of years,
			// and the rows after it were read under "periods" like
			// "123.9 130.4".
			name: "data row ending in year-like values is not a header",
			rows: [][]string{
				{"Diện tích và dân số"},
				{"Quận", "Diện tích 2024", "Dân số 2023", "Dân số 2024"},
				{"Ba Đình", "9.2", "2025", "2044"},
				{"Tây Hồ", "24.4", "123.9", "130.4"},
			},
			tables: 1,
			count:  6,
			want: []cellRow{
				{"C3", "Ba Đình", "Dân số 2023", "2025", "", ""},
				{"D4", "Tây Hồ", "Dân số 2024", "130.4", "", ""},
			},
		},
		{
			name: "merged measure over periods, header split over rows, unit in parentheses",
			rows: [][]string{
				{"1. Tổng sản phẩm trong nước theo giá so sánh"},
				{},
				{"", "Thực hiện (Tỷ đồng)", "", "Năm 2012\nso với năm\n2011 (%)"},
				{"", "Năm 2011", "Ước tính\nnăm 2012", ""},
				{"TỔNG SỐ", "584496", "613884", "105.03"},
				{"", "Nông nghiệp", "", ""},
			},
			merged: []Range{{FromRow: 3, FromCol: 1, ToRow: 3, ToCol: 2}, {FromRow: 3, FromCol: 3, ToRow: 4, ToCol: 3}},
			tables: 1,
			count:  3,
			want: []cellRow{
				{"B5", "TỔNG SỐ | Thực hiện (Tỷ đồng)", "Năm 2011", "584496", "Tỷ đồng", ""},
				{"C5", "TỔNG SỐ | Thực hiện (Tỷ đồng)", "Ước tính năm 2012", "613884", "Tỷ đồng", "estimate"},
				{"D5", "TỔNG SỐ", "Năm 2012 so với năm 2011 (%)", "105.03", "%", ""},
			},
		},
		{
			name: "years as rows, unit band switching mid-table, stacked second table",
			rows: [][]string{
				{"1. Tổng sản phẩm trong nước theo giá thực tế"},
				{"    Gross domestic product at current prices"},
				{},
				{"", "Tổng số", "Nông nghiệp"},
				{"", "Total", "Agriculture"},
				{"", "Nghìn tỷ đồng - Trill. dongs"},
				{"1995", "228.9", "62.2"},
				{"Sơ bộ-Prel. 2002 ", "536.1", "123.3"},
				{"", "Cơ cấu (%) - Structure (%)"},
				{"1995", "100", "27.18"},
				{},
				{"2. Tổng sản phẩm trong nước theo giá so sánh 1994"},
				{},
				{"", "Tổng số", "Nông nghiệp"},
				{"", "Total", "Agriculture"},
				{"", "Nghìn tỷ đồng - Trill. dongs"},
				{"1995", "195.6", "51.3"},
			},
			tables: 2,
			count:  8,
			want: []cellRow{
				{"B7", "Tổng số Total", "1995", "228.9", "Nghìn tỷ đồng - Trill. dongs", ""},
				{"C8", "Nông nghiệp Agriculture", "Sơ bộ-Prel. 2002", "123.3", "Nghìn tỷ đồng - Trill. dongs", "preliminary"},
				{"C10", "Nông nghiệp Agriculture | Cơ cấu (%) - Structure (%)", "1995", "27.18", "%", ""},
				{"B17", "Tổng số Total", "1995", "195.6", "Nghìn tỷ đồng - Trill. dongs", ""},
			},
		},
		{
			name: "item codes, heading rows, row of years with a stub header",
			rows: [][]string{
				{"VIET NAM"},
				{"", "Item", "1986", "1987", "1988"},
				{},
				{"", "POPULATION "},
				{"001", "Total population  a  million", "61.109", "62.452", "…"},
				{"002", "  Urban", "...", "12", "13"},
				{},
				{"", "Footnotes:"},
				{"", "a   Midyear population estimate.", "see note 4"},
			},
			tables: 1,
			count:  6,
			want: []cellRow{
				{"C5", "001", "1986", "61.109", "", ""},
				{"E5", "001", "1988", "…", "", ""},
				{"C6", "002", "1986", "...", "", ""},
			},
			absent: []string{"C9"},
		},
		{
			name: "notes end a table, a table below them is found; a label starting with Nguồn is data",
			rows: [][]string{
				{"Bảng 1. Vốn đầu tư"},
				{"Chỉ tiêu", "2022", "2023"},
				{"Nguồn vốn nhà nước", "5", "6"},
				{"Nguồn: Cục Thống kê thành phố Hà Nội"},
				{"", "(*) Số liệu năm 2023 là số liệu sơ bộ, sẽ được cập nhật sau"},
				{},
				{"Bảng 2. Dân số"},
				{"Tỉnh", "2022"},
				{"Hà Nội", "8435,7"},
			},
			tables: 2,
			count:  3,
			want: []cellRow{
				{"B3", "Nguồn vốn nhà nước", "2022", "5", "", ""},
				{"B9", "Hà Nội", "2022", "8435,7", "", ""},
			},
		},
		{
			name: "unit column in the label area, period column of a long table",
			rows: [][]string{
				{"Chỉ tiêu", "Đơn vị tính", "Năm", "Giá trị"},
				{"Dân số", "Nghìn người", "2022", "8435,7"},
				{"Dân số", "Nghìn người", "2023", "8587,1"},
				{"Diện tích", "km2", "2023", "3359,8"},
			},
			tables: 1,
			count:  3,
			want: []cellRow{
				{"D2", "Dân số | Giá trị", "2022", "8435,7", "Nghìn người", ""},
				{"D4", "Diện tích | Giá trị", "2023", "3359,8", "km2", ""},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, n, err := decodeGrid(t, tt.rows, tt.merged)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.tables {
				t.Errorf("tables = %d, want %d", n, tt.tables)
			}
			checkCells(t, s, tt.want, tt.absent, tt.count)
		})
	}
}

// checkCells checks that every wanted cell was sent as given, no absent
// cell was sent, and count cells were sent in all.
func checkCells(t *testing.T, s *sink, want []cellRow, absent []string, count int) {
	t.Helper()
	all := got(s.rows)
	byCell := map[string]cellRow{}
	for _, c := range all {
		byCell[c.cell] = c
	}
	for _, w := range want {
		if g, ok := byCell[w.cell]; !ok {
			t.Errorf("%s not sent", w.cell)
		} else if g != w {
			t.Errorf("%s:\n got %+v\nwant %+v", w.cell, g, w)
		}
	}
	for _, a := range absent {
		if g, ok := byCell[a]; ok {
			t.Errorf("%s sent: %+v", a, g)
		}
	}
	if len(all) != count {
		t.Errorf("%d cells sent, want %d:\n%s", len(all), count, dump(all))
	}
}

func dump(rows []cellRow) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "  %+v\n", r)
	}
	return b.String()
}

func TestDecodeNoTable(t *testing.T) {
	for name, rows := range map[string][][]string{
		"empty":          nil,
		"cover sheet":    {{}, {"Tài khoản quốc gia"}, {}, {"National Account"}},
		"no header band": {{"Hà Nội", "12", "13"}, {"Hải Phòng", "14", "15"}},
		"one column":     {{"a"}, {"1"}, {"2"}, {"3"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, n, err := decodeGrid(t, rows, nil)
			if n != 0 || !errors.Is(err, ErrNoTable) {
				t.Fatalf("tables = %d, err = %v; want ErrNoTable", n, err)
			}
			var de *extract.DecodeError
			if !errors.As(err, &de) || de.Origin.Sheet != "Biểu 1" || de.Origin.URI != "test.xlsx" {
				t.Errorf("error does not name the sheet and file: %v", err)
			}
			if !strings.Contains(err.Error(), "Biểu 1") {
				t.Errorf("message %q", err)
			}
		})
	}
}

var smallTable = [][]string{
	{"Biểu 1"},
	{"Chỉ tiêu", "2022", "2023"},
	{"GRDP", "1", "2"},
	{"Thu ngân sách", "3", "4"},
}

func TestDecodeSinkError(t *testing.T) {
	stop := errors.New("warehouse refused")
	s := &sink{err: stop}
	_, err := Decode(context.Background(), extract.Payload{URI: "x"}, &gridSheet{name: "S", rows: smallTable}, nil, s)
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want the sink's error", err)
	}
}

type failingSheet struct{ gridSheet }

func (f *failingSheet) Err() error { return errors.New("zip: checksum error") }

func TestDecodeSheetError(t *testing.T) {
	_, err := Decode(context.Background(), extract.Payload{URI: "x"}, &failingSheet{gridSheet{name: "S", rows: smallTable}}, nil, &sink{})
	var de *extract.DecodeError
	if !errors.As(err, &de) || de.Origin.Sheet != "S" || de.Origin.URI != "x" || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("err = %v", err)
	}
}

// endless is a sheet of ever more data rows under one header: it can only
// be read by a decoder that streams.
type endless struct {
	n, limit int
	cancelAt int
	cancel   func()
}

func (e *endless) Name() string { return "big" }
func (e *endless) Next() bool {
	e.n++
	if e.n == e.cancelAt && e.cancel != nil {
		e.cancel()
	}
	return e.n <= e.limit
}
func (e *endless) Row() (int, []string) {
	if e.n == 1 {
		return 1, []string{"Tỉnh", "2022", "2023"}
	}
	return e.n, []string{fmt.Sprintf("Tỉnh %d", e.n), "1,5", "2,5"}
}
func (e *endless) Err() error { return nil }

type watchSink struct {
	sheet *endless
	first int // sheet row when the first value arrived
	n     int
}

func (w *watchSink) Describe(extract.Info) {}
func (w *watchSink) Row(r extract.RawRow) error {
	if w.n == 0 {
		w.first = w.sheet.n
	}
	w.n++
	return nil
}

func TestDecodeStreams(t *testing.T) {
	sh := &endless{limit: 100000}
	w := &watchSink{sheet: sh}
	sum, err := DecodeSheet(context.Background(), extract.Payload{URI: "big.xlsx"}, sh, nil, w)
	if err != nil {
		t.Fatal(err)
	}
	if w.first != 2 {
		t.Errorf("first value sent after reading %d rows; a streaming decoder sends it at row 2", w.first)
	}
	if w.n != 2*(100000-1) || sum.Rows != w.n || sum.Tables != 1 {
		t.Errorf("sent %d values, summary %+v", w.n, sum)
	}
}

func TestDecodeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sh := &endless{limit: 10000, cancelAt: 1000, cancel: cancel}
	_, err := Decode(ctx, extract.Payload{URI: "big.xlsx"}, sh, nil, &sink{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestText(t *testing.T) {
	for s, want := range map[string]bool{
		"1.234,5": true, "1,234.5": true, "-20.8": true, "228.9": true, "1 234": true, "12%": true, "(5)": true,
		"1.5E-05": true, "..": false, "x": false, "": false, "Năm 2012": false, "-": false, "1995.0": true,
	} {
		if isNumber(s) != want {
			t.Errorf("isNumber(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{
		"Sơ bộ-Prel. 2002 ": true, "Quý III": true, "năm": true, "Prel. 2016": true, "cả năm": true,
		"Tổng số": false, "Nông nghiệp": false, "Cơ cấu (%)": false, "Lượng": false, "Thực hiện": false,
	} {
		if isPeriodish(s) != want {
			t.Errorf("isPeriodish(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]string{
		"Tỷ đồng": "Tỷ đồng", "Đơn vị tính: Nghìn ha": "Nghìn ha", "%": "%", "Nghìn người": "Nghìn người",
		"Nghìn tỷ đồng - Trill. dongs": "Nghìn tỷ đồng - Trill. dongs", "Cơ cấu - %": "Cơ cấu - %",
		"Thực hiện (Tỷ đồng)": "Tỷ đồng", "Năm 2012 so với năm 2011 (%)": "%", "Người lao động": "",
		"Hà Nội": "", "Kỳ gốc (2019)": "", "Tổng số": "",
	} {
		if got := unitIn(s); got != want {
			t.Errorf("unitIn(%q) = %q, want %q", s, got, want)
		}
	}
	for c, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 701: "ZZ", 702: "AAA", -1: ""} {
		if got := ColumnLetter(c); got != want {
			t.Errorf("ColumnLetter(%d) = %q, want %q", c, got, want)
		}
	}
	for s, want := range map[string]string{"001": "001", "1.2": "1.2", "A01": "A01", "Total": "", "1995 GDP": ""} {
		if isCode(s) != (want != "") {
			t.Errorf("isCode(%q) = %v", s, want == "")
		}
	}
}
