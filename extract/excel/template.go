package excel

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// Report is the content of an agency report workbook in the plan's template:
// a "Thông tin" sheet with who reports what for which period, and a
// "Số liệu" sheet with one row per indicator (and place) and one column per
// period. The README documents the template for the agencies that fill it.
type Report struct {
	Title      string    // "Báo cáo kết quả thực hiện chỉ tiêu Kế hoạch 185/KH-UBND"
	Agency     string    // "Sở Khoa học và Công nghệ"
	AgencyCode string    // "SKHCN"
	Period     string    // reporting period, "Năm 2024" or "6 tháng đầu năm 2024"
	Date       time.Time // report date: the vintage of its values
	Sample     bool      // the values are sample data, not official
	Note       string
	Periods    []string // period column headers, "2020" … "Sơ bộ 2024"
	Rows       []ReportRow
}

// ReportRow is one indicator (for one place) in a report.
type ReportRow struct {
	Code, Name, Unit, Geo string
	Values                []any // one per period; nil = no value; strings are written as text
	Note                  string
}

// WriteReport writes r as an xlsx workbook in the template's layout.
func WriteReport(w io.Writer, r Report) error {
	f := excelize.NewFile()
	defer f.Close()
	const info, data = "Thông tin", "Số liệu"
	if err := f.SetSheetName("Sheet1", info); err != nil {
		return err
	}
	if _, err := f.NewSheet(data); err != nil {
		return err
	}
	sample := "Không"
	if r.Sample {
		sample = "Có"
	}
	meta := [][]any{
		{r.Title},
		{"Tên báo cáo", r.Title},
		{"Đơn vị báo cáo", r.Agency},
		{"Mã đơn vị", r.AgencyCode},
		{"Kỳ báo cáo", r.Period},
		{"Ngày báo cáo", r.Date.Format("02/01/2006")},
		{"Địa bàn", "Hà Nội"},
		{"Dữ liệu mẫu", sample},
		{"Ghi chú", r.Note},
	}
	for i, row := range meta {
		if err := f.SetSheetRow(info, fmt.Sprintf("A%d", i+1), &row); err != nil {
			return err
		}
	}
	header := []any{"Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Địa bàn"}
	for _, p := range r.Periods {
		header = append(header, p)
	}
	header = append(header, "Ghi chú")
	if err := f.SetSheetRow(data, "A1", &header); err != nil {
		return err
	}
	for i, row := range r.Rows {
		cells := []any{row.Code, row.Name, row.Unit, row.Geo}
		for j := range r.Periods {
			var v any
			if j < len(row.Values) {
				v = row.Values[j]
			}
			cells = append(cells, v)
		}
		cells = append(cells, row.Note)
		if err := f.SetSheetRow(data, fmt.Sprintf("A%d", i+2), &cells); err != nil {
			return err
		}
	}
	if err := f.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	f.SetColWidth(data, "B", "B", 60)
	f.SetColWidth(info, "A", "A", 18)
	f.SetColWidth(info, "B", "B", 60)
	// Fixed document properties keep regenerated sample files identical.
	epoch := "2024-01-01T00:00:00Z"
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "chitieu", Created: epoch, Modified: epoch, Title: r.Title}); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}
