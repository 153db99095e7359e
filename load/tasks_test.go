package load_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/load"
)

// taskReport is an agency report workbook with a task sheet (and one
// value, since the template's data sheet must hold some).
func taskReport(t *testing.T, name, agency string, date time.Time, tasks ...excel.ReportTask) extract.Payload {
	t.Helper()
	var buf bytes.Buffer
	err := excel.WriteReport(&buf, excel.Report{Agency: agency, AgencyCode: agency, Date: date, Periods: []string{"2024"},
		Rows: []excel.ReportRow{row("KPI5_INNOVATING_ENT_SHARE", "%", "", 30)}, Tasks: tasks})
	if err != nil {
		t.Fatal(err)
	}
	return extract.NewPayload(name, name+".xlsx", buf.Bytes(), date.Add(24*time.Hour))
}

// loadTaskReport loads one agency report with a task sheet in a run of
// its own.
func loadTaskReport(t *testing.T, w *load.Warehouse, name, agency string, date time.Time, tasks ...excel.ReportTask) *load.Staged {
	t.Helper()
	return loadPayload(t, w, taskReport(t, name, agency, date, tasks...))
}

// TestTaskProgress: a report's task sheet goes to task_progress with the
// report's date as vintage; rows that do not check against the plan go to
// rejected_rows with the reason (a task another agency leads, an unknown
// task, an unknown status, a budget that is not a number); rows in =
// loaded + rejected; and task_status_as_of says each task's newest status
// and whether it is overdue as of a date.
func TestTaskProgress(t *testing.T) {
	w := mustOpenWarehouse(t, filepath.Join(t.TempDir(), "w.duckdb"))
	d2024 := time.Date(2024, 11, 25, 0, 0, 0, 0, time.UTC)
	loadTaskReport(t, w, "skhcn-2024", "SKHCN", d2024,
		excel.ReportTask{No: 5, Status: "Đang triển khai", Allocated: 5.0, Disbursed: 1.5},
		excel.ReportTask{No: 6, Status: "chưa triển khai"})
	d2025 := time.Date(2025, 11, 25, 0, 0, 0, 0, time.UTC)
	st := loadTaskReport(t, w, "skhcn-2025", "SKHCN", d2025,
		excel.ReportTask{No: 5, Status: "hoàn thành", DocNo: "12/QĐ-UBND", DocDate: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
			Allocated: 5.0, Disbursed: 4.0, Note: "xong"},
		excel.ReportTask{No: 18, Status: "hoàn thành"},
		excel.ReportTask{No: 99, Status: "hoàn thành"},
		excel.ReportTask{No: 7, Status: "sắp xong"},
		excel.ReportTask{No: 1, Status: "đang triển khai", Disbursed: "khoảng 1 tỷ"})
	// 1 value + 5 task rows read; the value and task 5 load.
	if st.Stats.Read != 6 || st.Stats.Accepted != 2 || st.Stats.Rejected != 4 {
		t.Errorf("stats %+v, want read 6 = accepted 2 + rejected 4", st.Stats)
	}
	reasons := queryStrings(t, w, `SELECT raw_series || ' ' || reason_code || ': ' || reason FROM rejected_rows ORDER BY row_no`)
	want := []string{
		`18 not_task_lead: task 18 is led by SKHDT, not SKHCN`,
		`99 unknown_task: unknown task 99: the plan has no such task`,
		`7 task_status: unknown task status "sắp xong" for task 7: want one of chưa triển khai, đang triển khai, hoàn thành, đã ban hành`,
		`1 not_a_number: budget disbursed "khoảng 1 tỷ" of task 1 is not a number of billion VND`,
	}
	if len(reasons) != len(want) {
		t.Fatalf("rejected rows %q, want %q", reasons, want)
	}
	for i := range want {
		if reasons[i] != want[i] {
			t.Errorf("rejected row %d: %q, want %q", i, reasons[i], want[i])
		}
	}
	got := queryStrings(t, w, `SELECT task_no || ' ' || status || ' ' || coalesce(doc_no, '-') || ' ' || coalesce(CAST(doc_date AS VARCHAR), '-') || ' ' ||
		coalesce(CAST(disbursed_bn_vnd AS VARCHAR), '-') || ' ' || CAST(vintage AS DATE)
		FROM task_progress ORDER BY vintage, task_no`)
	wantRows := []string{"5 đang triển khai - - 1.5 2024-11-25", "6 chưa triển khai - - - 2024-11-25",
		"5 hoàn thành 12/QĐ-UBND 2025-03-01 4.0 2025-11-25"}
	if len(got) != len(wantRows) {
		t.Fatalf("task_progress %q, want %q", got, wantRows)
	}
	for i := range wantRows {
		if got[i] != wantRows[i] {
			t.Errorf("task_progress row %d: %q, want %q", i, got[i], wantRows[i])
		}
	}

	// As of mid-2025 the 2024 report is the newest: task 5 is under way
	// and overdue (due Quý III/2021); task 2 was issued before the plan;
	// task 27 (due 2022) has no report and is overdue; task 30 (due Quý
	// II/2022) was not due on 2022-01-01.
	status := func(asOf string, task int) string {
		t.Helper()
		var s string
		err := w.DB().QueryRow(`SELECT coalesce(status, '-') || ' done=' || done || ' overdue=' || overdue || ' share=' || coalesce(CAST(round(disbursed_share, 2) AS VARCHAR), '-')
			FROM task_status_as_of(CAST(? AS TIMESTAMP)) WHERE task_no = ?`, asOf, task).Scan(&s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tt := range []struct {
		asOf string
		task int
		want string
	}{
		{"2025-06-30", 5, "đang triển khai done=false overdue=true share=0.3"},
		{"2025-12-31", 5, "hoàn thành done=true overdue=false share=0.8"},
		{"2025-12-31", 2, "- done=true overdue=false share=-"},
		{"2025-12-31", 27, "- done=false overdue=true share=-"},
		{"2025-12-31", 6, "chưa triển khai done=false overdue=true share=-"},
		{"2022-01-01", 30, "- done=false overdue=false share=-"},
		{"2024-01-01", 6, "- done=false overdue=true share=-"},
	} {
		if got := status(tt.asOf, tt.task); got != tt.want {
			t.Errorf("task %d as of %s: %q, want %q", tt.task, tt.asOf, got, tt.want)
		}
	}
}

// TestTaskProgressRollsBack: task rows are written inside the run's
// transaction, so a run that fails after staging a report leaves
// task_progress and rejected_rows as they were.
func TestTaskProgressRollsBack(t *testing.T) {
	w := mustOpenWarehouse(t, filepath.Join(t.TempDir(), "w.duckdb"))
	ctx := context.Background()
	run, err := w.BeginRun(ctx, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	p := taskReport(t, "skhdt", "SKHDT", time.Date(2024, 11, 25, 0, 0, 0, 0, time.UTC),
		excel.ReportTask{No: 19, Status: "đang triển khai"}, excel.ReportTask{No: 5, Status: "hoàn thành"})
	if st := stage(t, w, run, p); st.Err != nil || st.Stats.Read != 3 || st.Stats.Rejected != 1 {
		t.Fatalf("staged %+v, %v; want 3 rows read, 1 rejected", st.Stats, st.Err)
	}
	run.Abort(ctx, errors.New("killed"))
	if n := count(t, w, "SELECT (SELECT count(*) FROM task_progress) + (SELECT count(*) FROM rejected_rows)"); n != 0 {
		t.Errorf("%d task and rejected rows after a failed run, want 0", n)
	}
}
