package excel

import (
	"context"
	"errors"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
)

// decodeTasks streams the template's task sheet, when the workbook has one
// and the sink takes task rows: every row with anything typed in it is one
// extract.TaskRow, checked against the plan by transform. A workbook
// without the sheet (the template before it had one) reads as before.
func decodeTasks(ctx context.Context, f *excelize.File, p extract.Payload, out extract.Sink) error {
	ts, ok := out.(extract.TaskSink)
	if !ok {
		return nil
	}
	_, err := ReadTasks(ctx, f, p.URI, ts)
	return err
}

// ReadTasks sends the rows of an opened report's task sheet to ts, and
// says whether the workbook has the sheet. The decoder and the inbox check
// (schedules.ScanInbox) both read the sheet through it.
func ReadTasks(ctx context.Context, f *excelize.File, uri string, ts extract.TaskSink) (bool, error) {
	p := extract.Payload{URI: uri}
	sheet := ""
	for _, name := range f.GetSheetList() {
		if IsSheet(name, TaskSheet) {
			sheet = name
		}
	}
	if sheet == "" {
		return false, nil
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return true, &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet}, Err: err}
	}
	defer rows.Close()
	var cols map[TaskColumn]int // column index of each header, once the header row is seen
	for n := 1; rows.Next(); n++ {
		if err := ctx.Err(); err != nil {
			return true, err
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return true, &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet, Row: n}, Err: err}
		}
		if cols == nil {
			cols = taskHeader(cells)
			if cols == nil && n >= 30 {
				return true, &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet, Row: n},
					Err: errors.New("no header row with \"Số TT nhiệm vụ\" in the first 30 rows")}
			}
			continue
		}
		cell := func(c TaskColumn) string {
			if i, ok := cols[c]; ok && i < len(cells) {
				return strings.TrimSpace(cells[i])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(cells, "")) == "" {
			continue
		}
		col, _ := excelize.ColumnNumberToName(cols[TaskNo] + 1)
		date := cell(TaskDocDate)
		if t, err := ParseDate(date); err == nil {
			// The loader reads ISO dates only; a date it cannot read stays
			// as typed, to be rejected with the text.
			date = t.Format("2006-01-02")
		}
		if err := ts.Task(extract.TaskRow{
			Origin: extract.Origin{URI: p.URI, Sheet: sheet, Row: n, Column: col},
			Task:   cell(TaskNo), Status: cell(TaskStatus), DocNo: cell(TaskDocNo), DocDate: date,
			Allocated: cell(TaskAllocated), Disbursed: cell(TaskDisbursed), Note: cell(TaskNote),
		}); err != nil {
			return true, err
		}
	}
	if err := rows.Error(); err != nil {
		return true, &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet}, Err: err}
	}
	return true, nil
}

// taskHeader maps the task sheet's columns from a header row, or returns
// nil when the row is not the header (it has no task-number column).
func taskHeader(cells []string) map[TaskColumn]int {
	cols := map[TaskColumn]int{}
	for i, c := range cells {
		if col, ok := TaskColumnOf(c); ok {
			if _, seen := cols[col]; !seen {
				cols[col] = i
			}
		}
	}
	if _, ok := cols[TaskNo]; !ok {
		return nil
	}
	return cols
}
