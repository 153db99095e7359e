package yearbook

import "testing"

// TestHeaderPhrases covers each way GSO's monthly reports write a column's
// period and status: cut over the band's rows and line breaks, in either
// order, in Vietnamese and English, stated above the column unmerged or
// only in the title; and the rows of a band that must not be read as data.
// Each case is the smallest sheet that failed before.
func TestHeaderPhrases(t *testing.T) {
	tests := []struct {
		name   string
		rows   [][]string
		merged []Range
		want   []cellRow // cell, series, period, value, unit, status
		count  int
		absent []string
	}{
		{
			name: "Sơ bộ cut over two rows, then quý / năm / year",
			rows: [][]string{
				{"9. Sản lượng thủy sản"},
				{"", "", "", "Nghìn tấn"},
				{"", "Sơ ", "Ước", "Ước"},
				{"", "bộ", " tính", " tính"},
				{"", "quý III", "quý IV ", "năm"},
				{"", "năm", "năm", "2024"},
				{"", "2024", "2024", ""},
				{"Tổng số", "2645.4", "2524.5", "9547.0"},
			},
			want: []cellRow{
				{"B8", "Tổng số", "Sơ bộ quý III năm 2024", "2645.4", "Nghìn tấn", "preliminary"},
				{"C8", "Tổng số", "Ước tính quý IV năm 2024", "2524.5", "Nghìn tấn", "estimate"},
				{"D8", "Tổng số", "Ước tính năm 2024", "9547.0", "Nghìn tấn", "estimate"},
			},
			count: 3,
		},
		{
			name: "Ước tính with a line break in one cell, Cộng / dồn cut",
			rows: [][]string{
				{"2. Tổng sản phẩm"},
				{"", "Năm 2023", "Ước tính \nnăm 2024", "Cộng"},
				{"", "", "", "dồn cả năm 2024"},
				{"Tổng số", "1", "2", "3"},
			},
			want: []cellRow{
				{"B4", "Tổng số", "Năm 2023", "1", "", ""},
				{"C4", "Tổng số", "Ước tính năm 2024", "2", "", "estimate"},
				{"D4", "Tổng số", "Cộng dồn cả năm 2024", "3", "", ""},
			},
			count: 3,
		},
		{
			name: "year first: Năm 2024 merged over its quarters",
			rows: [][]string{
				{"50. Một số chỉ tiêu xã hội"},
				{"", "", "Đơn vị", "Năm 2024"},
				{"", "", "tính", "Quý II", "Quý III", "Cả năm"},
				{"", "Số vụ cháy, nổ", "Vụ", "1090", "961", "4116"},
			},
			merged: []Range{{FromRow: 2, FromCol: 3, ToRow: 2, ToCol: 5}},
			want: []cellRow{
				{"D4", "Số vụ cháy, nổ", "Năm 2024 Quý II", "1090", "Vụ", ""},
				{"F4", "Số vụ cháy, nổ", "Năm 2024 Cả năm", "4116", "Vụ", ""},
			},
			count: 3,
		},
		{
			name: "status after the period, Chính thức, English Prel. and Est.",
			rows: [][]string{
				{"Table 1. Gross output"},
				{"", "Q2 2024", "Q3 2024", "9 months", "Năm 2023"},
				{"", "Prel.", "Est.", "2024", "Chính thức"},
				{"Total", "10", "11", "30", "40"},
			},
			want: []cellRow{
				{"B4", "Total", "Q2 2024 Prel.", "10", "", "preliminary"},
				{"C4", "Total", "Q3 2024 Est.", "11", "", "estimate"},
				{"D4", "Total", "9 months 2024", "30", "", ""},
				{"E4", "Total", "Năm 2023 Chính thức", "40", "", ""},
			},
			count: 4,
		},
		{
			name: "a header row holding a calculation is not a data row",
			rows: [][]string{
				{"17. Một số chỉ tiêu về doanh nghiệp"},
				{"", "", "", "", "", "Tổng"},
				{"", "Tháng 11", "Tháng 12", "Năm", "", "233.42"},
				{"", "năm", "năm", "2024", "", "217.9"},
				{"", "2024", "2024", ""},
				{"Doanh nghiệp thành lập mới (DN)", "11159", "9996", "157240", "", "-10.4"},
			},
			want: []cellRow{
				{"B6", "Doanh nghiệp thành lập mới (DN)", "Tháng 11 năm 2024", "11159", "", ""},
				{"D6", "Doanh nghiệp thành lập mới (DN)", "Năm 2024", "157240", "", ""},
				// The calculation beside the table is sent rejected, with
				// the reason (see TestCalculationColumnRejected).
				{"F6", "Doanh nghiệp thành lập mới (DN) | Tổng", "Tổng", "-10.4", "", ""},
			},
			count:  4,
			absent: []string{"F3", "F4"},
		},
		{
			name: "a band row whose phrases wrap beside a year is not a data row",
			rows: [][]string{
				{"8. Kết quả sản xuất lâm nghiệp"},
				{"", "Sơ ", "Ước", "Năm"},
				{"", "bộ", " tính", "2024"},
				{"", "quý III", "năm", "so với"},
				{"", "năm 2024", "2024", "năm 2023 (%)"},
				{"Cháy rừng", "38.0", "741.8", "110.0"},
			},
			want: []cellRow{
				{"B6", "Cháy rừng", "Sơ bộ quý III năm 2024", "38.0", "", "preliminary"},
				{"D6", "Cháy rừng", "Năm 2024 so với năm 2023 (%)", "110.0", "%", ""},
			},
			count:  3,
			absent: []string{"D3"},
		},
		{
			name: "a unit over the columns (Doanh nghiệp) is not part of the period",
			rows: [][]string{
				{"19. Doanh nghiệp quay trở lại hoạt động"},
				{"", "", "", "Doanh nghiệp"},
				{"", "Năm", "Năm", "Năm 2024 so với "},
				{"", "2023", "2024", "năm 2023 (%)"},
				{"TỔNG SỐ", "58412", "76179", "130.4"},
			},
			want: []cellRow{
				{"B5", "TỔNG SỐ", "Năm 2023", "58412", "Doanh nghiệp", ""},
				{"D5", "TỔNG SỐ", "Năm 2024 so với năm 2023 (%)", "130.4", "%", ""},
			},
			count: 3,
		},
		{
			name: "a parent period not merged over the columns it heads",
			rows: [][]string{
				{"18. Doanh nghiệp đăng ký thành lập mới"},
				{"", "Năm 2024", "", "", "Năm 2023"},
				{"", "Số DN", "Vốn (Tỷ đồng)", "", "Số DN", "Vốn (Tỷ đồng)"},
				{"TỔNG SỐ", "157240", "1547032", "", "159452", "1575794"},
			},
			merged: []Range{{FromRow: 2, FromCol: 1, ToRow: 2, ToCol: 2}},
			want: []cellRow{
				{"C4", "TỔNG SỐ | Vốn (Tỷ đồng)", "Năm 2024", "1547032", "Tỷ đồng", ""},
				{"E4", "TỔNG SỐ | Số DN", "Năm 2023", "159452", "", ""},
				{"F4", "TỔNG SỐ | Vốn (Tỷ đồng)", "Năm 2023", "1575794", "Tỷ đồng", ""},
			},
			count: 4,
		},
		{
			name: "periods from the title: kỳ này, cùng kỳ năm trước",
			rows: [][]string{
				{"3.Tiến độ gieo trồng đến ngày 20 tháng 12 năm 2024"},
				{"", "", "", "Nghìn ha"},
				{"", "Thực hiện", "Thực hiện", "Thực hiện kỳ này"},
				{"", "cùng kỳ", "kỳ này", "so với cùng kỳ"},
				{"", "năm trước", "", "năm trước (%)"},
				{"Ngô", "96.6", "99.6", "103.1"},
			},
			want: []cellRow{
				{"B6", "Ngô", "tháng 12 năm 2023", "96.6", "Nghìn ha", ""},
				{"C6", "Ngô", "tháng 12 năm 2024", "99.6", "Nghìn ha", ""},
				{"D6", "Ngô", "tháng 12 năm 2024 so với cùng kỳ năm trước (%)", "103.1", "%", ""},
			},
			count: 3,
		},
		{
			name: "period from the title's span of dates",
			rows: [][]string{
				{"25. Đầu tư nước ngoài được cấp phép từ 01/01- 31/12/2024"},
				{"", "", "Số dự án", "Vốn đăng ký"},
				{"", "", "(Dự án)", "cấp mới"},
				{"TỔNG SỐ", "", "3375", "19731.1"},
			},
			want: []cellRow{
				{"C4", "TỔNG SỐ | Số dự án (Dự án)", "năm 2024", "3375", "Dự án", ""},
				{"D4", "TỔNG SỐ | Vốn đăng ký cấp mới", "năm 2024", "19731.1", "", ""},
			},
			count: 2,
		},
		{
			name: "measure and period in one cell; Bình / quân cut; unit out of the period",
			rows: [][]string{
				{"CPI"},
				{"", "Chỉ số giá bình", "Ước tính tháng 12"},
				{"", "quân năm 2012 so với năm 2011", "năm 2012 (Tỷ đồng)"},
				{"Chung", "109.21", "250"},
			},
			want: []cellRow{
				{"B4", "Chung | Chỉ số giá", "bình quân năm 2012 so với năm 2011", "109.21", "", ""},
				{"C4", "Chung", "Ước tính tháng 12 năm 2012", "250", "Tỷ đồng", "estimate"},
			},
			count: 2,
		},
		{
			name: "periods down the rows under headings name the heading",
			rows: [][]string{
				{"48. Tỷ lệ thất nghiệp"},
				{"", "", "", "%"},
				{"", "Chung", "Thành thị"},
				{"Tỷ lệ thất nghiệp"},
				{"Quý I năm 2024", "2.24", "2.64"},
				{"Ước tính năm 2024", "2.24", "2.53"},
				{},
				{"Tỷ lệ thiếu việc làm"},
				{"Quý I năm 2024", "2.03", "1.20"},
			},
			want: []cellRow{
				{"B5", "Tỷ lệ thất nghiệp | Chung", "Quý I năm 2024", "2.24", "%", ""},
				{"C6", "Tỷ lệ thất nghiệp | Thành thị", "Ước tính năm 2024", "2.53", "%", "estimate"},
				{"B9", "Tỷ lệ thiếu việc làm | Chung", "Quý I năm 2024", "2.03", "%", ""},
			},
			count: 6,
		},
		{
			name: "Trong đó: a part of the item above",
			rows: [][]string{
				{"17. Hàng hoá nhập khẩu"},
				{"", "", "Năm 2012"},
				{"MẶT HÀNG"},
				{"", "Ô tô", "2070"},
				{"", " Trong đó: Nguyên chiếc", "605"},
				{"", "Xe máy", "621"},
				{"", " Trong đó: Nguyên chiếc", "71"},
			},
			want: []cellRow{
				{"C5", "MẶT HÀNG / Ô tô / Trong đó: Nguyên chiếc", "Năm 2012", "605", "", ""},
				{"C7", "MẶT HÀNG / Xe máy / Trong đó: Nguyên chiếc", "Năm 2012", "71", "", ""},
			},
			count: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, err := decodeGrid(t, tt.rows, tt.merged)
			if err != nil {
				t.Fatal(err)
			}
			checkCells(t, s, tt.want, tt.absent, tt.count)
		})
	}
}

// A column whose header holds numbers (a compiler's totals and differences
// beside the table) is sent with a reason to reject it, not as values.
func TestCalculationColumnRejected(t *testing.T) {
	s, _, err := decodeGrid(t, [][]string{
		{"17. Một số chỉ tiêu"},
		{"", "Tháng 11", "Tháng 12", "", "+/-"},
		{"", "năm 2024", "năm 2024", "", "7.1"},
		{"Lao động (Người)", "90160", "95749", "", "6.2"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.rows {
		calc := r.Origin.Column == "E"
		if calc != (r.Reject != "") {
			t.Errorf("%s%d: reject %q", r.Origin.Column, r.Origin.Row, r.Reject)
		}
	}
	if len(s.rows) != 3 {
		t.Errorf("%d rows sent, want 3", len(s.rows))
	}
}
