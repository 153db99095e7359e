package excel

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/vntext"
)

// The agency template described once: its two sheets and the labelled
// fields of "Thông tin", as WriteReport writes them. The decoder
// (findTemplate) and the inbox check (schedules.ScanInbox) match them
// folded (vntext.Fold), the fields by prefix, so "Ngày báo cáo
// (dd/mm/yyyy)" or "NGAY BAO CAO" are read too.
const (
	InfoSheet = "Thông tin"
	DataSheet = "Số liệu"
	// TaskSheet holds the agency's progress on the plan's tasks it leads:
	// one row per task, the columns of TaskColumn.
	TaskSheet = "Nhiệm vụ"
)

// TaskColumn is one column of the task sheet, in the order WriteReport
// writes them; the reader finds them by their folded header text.
type TaskColumn int

// The task sheet's columns.
const (
	TaskNo        TaskColumn = iota + 1 // Số TT nhiệm vụ: the task's number in the plan
	TaskName                            // Tên nhiệm vụ: for the reader, not read back
	TaskStatus                          // Tình trạng: one of extract.TaskStatuses
	TaskDocNo                           // Số văn bản: the document issued
	TaskDocDate                         // Ngày ban hành
	TaskAllocated                       // Kinh phí được giao (tỷ đồng)
	TaskDisbursed                       // Kinh phí đã giải ngân (tỷ đồng)
	TaskNote                            // Ghi chú
)

var taskLabels = [...]string{
	TaskNo: "Số TT nhiệm vụ", TaskName: "Tên nhiệm vụ", TaskStatus: "Tình trạng",
	TaskDocNo: "Số văn bản", TaskDocDate: "Ngày ban hành",
	TaskAllocated: "Kinh phí được giao (tỷ đồng)", TaskDisbursed: "Kinh phí đã giải ngân (tỷ đồng)",
	TaskNote: "Ghi chú",
}

// Label is the column's header as the template writes it.
func (c TaskColumn) Label() string { return taskLabels[c] }

// TaskColumnOf returns the column a header cell of the task sheet names,
// by prefix of the folded label ("Kinh phí được giao" without the unit
// is read too).
func TaskColumnOf(header string) (TaskColumn, bool) {
	key := vntext.Fold(strings.TrimSpace(header))
	if key == "" {
		return 0, false
	}
	for c := TaskNo; c <= TaskNote; c++ {
		label := vntext.Fold(taskLabels[c])
		if i := strings.Index(label, " ("); i > 0 {
			label = label[:i]
		}
		if strings.HasPrefix(key, label) {
			return c, true
		}
	}
	return 0, false
}

// InfoField is one labelled field of the "Thông tin" sheet.
type InfoField int

// The fields of "Thông tin", in the order WriteReport writes them.
const (
	FieldTitle      InfoField = iota + 1 // Tên báo cáo
	FieldAgency                          // Đơn vị báo cáo: the agency's name
	FieldAgencyCode                      // Mã đơn vị: the agency's code
	FieldPeriod                          // Kỳ báo cáo: "Năm 2024", "6 tháng đầu năm 2024"
	FieldDate                            // Ngày báo cáo: the vintage of the values
	FieldArea                            // Địa bàn: the place of rows that name none
	FieldSample                          // Dữ liệu mẫu: Có/Không
	FieldNote                            // Ghi chú
)

var infoLabels = [...]string{
	FieldTitle: "Tên báo cáo", FieldAgency: "Đơn vị báo cáo", FieldAgencyCode: "Mã đơn vị",
	FieldPeriod: "Kỳ báo cáo", FieldDate: "Ngày báo cáo", FieldArea: "Địa bàn",
	FieldSample: "Dữ liệu mẫu", FieldNote: "Ghi chú",
}

// Label is the field's label as the template writes it.
func (f InfoField) Label() string { return infoLabels[f] }

// InfoFieldOf returns the field a label cell of "Thông tin" names.
func InfoFieldOf(label string) (InfoField, bool) {
	key := vntext.Fold(strings.TrimSpace(label))
	for f := FieldTitle; f <= FieldNote; f++ {
		if strings.HasPrefix(key, vntext.Fold(infoLabels[f])) {
			return f, true
		}
	}
	return 0, false
}

// IsSheet reports whether a workbook's sheet name is the template's sheet
// (InfoSheet or DataSheet), however it is accented or spaced.
func IsSheet(name, sheet string) bool {
	return strings.TrimSpace(vntext.Fold(name)) == vntext.Fold(sheet)
}

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
	Tasks      []ReportTask // the task sheet; written only when there are any
}

// ReportTask is one row of the task sheet: the progress of one task the
// agency leads.
type ReportTask struct {
	No int
	// Cell is the task cell as written instead of No, when not empty:
	// PLAN:N where several plans have a task N (hn-185-2021:18).
	Cell                 string
	Name                 string
	Status               string    // one of extract.TaskStatuses
	DocNo                string    // document issued, if any
	DocDate              time.Time // zero = none
	Allocated, Disbursed any       // billion VND; nil = empty cell; strings are written as text
	Note                 string
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
	info, data := InfoSheet, DataSheet
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
		{FieldTitle.Label(), r.Title},
		{FieldAgency.Label(), r.Agency},
		{FieldAgencyCode.Label(), r.AgencyCode},
		{FieldPeriod.Label(), r.Period},
		{FieldDate.Label(), r.Date.Format("02/01/2006")},
		{FieldArea.Label(), "Hà Nội"},
		{FieldSample.Label(), sample},
		{FieldNote.Label(), r.Note},
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
	if len(r.Tasks) > 0 {
		if err := writeTasks(f, r.Tasks); err != nil {
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

// writeTasks writes the task sheet.
func writeTasks(f *excelize.File, tasks []ReportTask) error {
	if _, err := f.NewSheet(TaskSheet); err != nil {
		return err
	}
	header := make([]any, 0, len(taskLabels)-1)
	for c := TaskNo; c <= TaskNote; c++ {
		header = append(header, c.Label())
	}
	if err := f.SetSheetRow(TaskSheet, "A1", &header); err != nil {
		return err
	}
	for i, t := range tasks {
		var date any
		if !t.DocDate.IsZero() {
			date = t.DocDate.Format("02/01/2006")
		}
		var task any = t.No
		if t.Cell != "" {
			task = t.Cell
		}
		cells := []any{task, t.Name, t.Status, t.DocNo, date, t.Allocated, t.Disbursed, t.Note}
		if err := f.SetSheetRow(TaskSheet, fmt.Sprintf("A%d", i+2), &cells); err != nil {
			return err
		}
	}
	f.SetColWidth(TaskSheet, "B", "B", 60)
	f.SetColWidth(TaskSheet, "C", "H", 18)
	return nil
}
