package schedules_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/schedules"
	"github.com/hanoi-sti/chitieu/transform/plan"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"2023-H1", "2023-H1", ""},
		{"2023-h1", "2023-H1", ""},
		{"2023", "2023", ""},
		{"2023-Y", "2023", ""},
		{"2023-H2", "", "want YYYY-H1"},
		{"H1-2023", "", "want YYYY-H1"},
		{"1899", "", "out of range"},
	}
	for _, tt := range tests {
		p, err := schedules.ParsePeriod(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: got %v, %v; want error %q", tt.in, p, err, tt.err)
		case tt.err == "" && (err != nil || p.String() != tt.want):
			t.Errorf("%q: got %v, %v; want %s", tt.in, p, err, tt.want)
		}
	}
	loc, _ := time.LoadLocation(schedules.DefaultTimeZone)
	if d := (schedules.Period{Year: 2023, H1: true}).Deadline(loc); d.Format("2006-01-02") != "2023-06-10" {
		t.Errorf("H1 deadline %s", d)
	}
	if d := (schedules.Period{Year: 2023}).Deadline(loc); d.Format("2006-01-02") != "2023-11-30" {
		t.Errorf("annual deadline %s", d)
	}
}

func dropReport(t *testing.T, dir, name string, r excel.Report) {
	t.Helper()
	var buf bytes.Buffer
	r.Periods = []string{"2023"}
	r.Rows = []excel.ReportRow{{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: []any{47.0}}}
	if err := excel.WriteReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
	if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSubmissions: workbooks in the inbox are matched to agency (by code,
// else by name) and period; each expected agency is on time, late, missing
// or not yet due; unreadable and unmatched files are listed with the reason.
func TestSubmissions(t *testing.T) {
	ctx := context.Background()
	inbox := t.TempDir()
	d := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	h1 := "6 tháng đầu năm 2023"
	// SKHCN's task sheet gives a status for five of its seven tasks, and
	// one SKHDT leads.
	var tasks []excel.ReportTask
	for _, no := range []int{1, 2, 3, 4, 5, 18} {
		tasks = append(tasks, excel.ReportTask{No: no, Status: "đang triển khai"})
	}
	tasks = append(tasks, excel.ReportTask{No: 6, Note: "no status: not reported"})
	dropReport(t, inbox, "skhcn.xlsx", excel.Report{Agency: "Sở Khoa học và Công nghệ", AgencyCode: "SKHCN", Period: h1, Date: d("2023-06-05"), Tasks: tasks})
	dropReport(t, inbox, "skhcn-sua-doi.xlsx", excel.Report{Agency: "Sở Khoa học và Công nghệ", AgencyCode: "skhcn", Period: h1, Date: d("2023-06-20")})
	dropReport(t, inbox, "so-kh-dt/bao-cao.xlsx", excel.Report{Agency: "Sở Kế hoạch và Đầu tư", AgencyCode: "SKHDT", Period: "6 Tháng Đầu Năm 2023", Date: d("2023-06-10")})
	// No code: matched by name, ignoring case and spacing.
	dropReport(t, inbox, "stttt.xlsx", excel.Report{Agency: "sở  thông tin và truyền thông", Period: h1, Date: d("2023-06-09")})
	// Another period: not counted for 2023-H1.
	dropReport(t, inbox, "snnptnt-2022.xlsx", excel.Report{Agency: "Sở Nông nghiệp và Phát triển nông thôn", AgencyCode: "SNNPTNT", Period: "Năm 2022", Date: d("2022-11-20")})
	dropReport(t, inbox, "unknown.xlsx", excel.Report{Agency: "Công ty ABC", AgencyCode: "ABC", Period: h1, Date: d("2023-06-01")})
	dropReport(t, inbox, "quarter.xlsx", excel.Report{Agency: "Sở Khoa học và Công nghệ", AgencyCode: "SKHCN", Period: "Quý II/2023", Date: d("2023-06-01")})
	os.WriteFile(filepath.Join(inbox, "damaged.xlsx"), []byte("PK\x03\x04 not a zip"), 0o644)
	os.WriteFile(filepath.Join(inbox, "login.xlsx"), []byte("<!DOCTYPE html><html><head><title>Đăng nhập</title></head><body>Đăng nhập</body></html>"), 0o644)
	os.WriteFile(filepath.Join(inbox, "~$skhcn.xlsx"), []byte("Excel lock file"), 0o644)
	os.WriteFile(filepath.Join(inbox, "notes.txt"), []byte("not a workbook"), 0o644)

	ref, err := plan.Load()
	if err != nil {
		t.Fatal(err)
	}
	expected := schedules.ExpectedAgencies(ref)
	if strings.Join(expected, ",") != "SKHCN,SKHDT,SNNPTNT,STTTT" {
		t.Fatalf("expected agencies %v", expected)
	}
	subs, err := schedules.ScanInbox(ctx, inbox)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 9 {
		t.Errorf("%d workbooks found, want 9 (not the Excel lock file, not the .txt)", len(subs))
	}
	loc, _ := time.LoadLocation(schedules.DefaultTimeZone)
	p := schedules.Period{Year: 2023, H1: true}

	got := func(rep schedules.SubmissionReport) string {
		var b []string
		for _, a := range rep.Agencies {
			s := a.Code + "=" + a.Status
			if a.File != "" {
				s += "@" + filepath.Base(a.File)
			}
			if a.Files > 1 {
				s += "+rev"
			}
			b = append(b, s)
		}
		return strings.Join(b, " ")
	}
	rep := schedules.CheckSubmissions(subs, ref.Agencies, expected, p, time.Date(2023, 7, 1, 0, 0, 0, 0, loc), loc)
	want := "SKHCN=on_time@skhcn.xlsx+rev SKHDT=late@bao-cao.xlsx SNNPTNT=missing STTTT=on_time@stttt.xlsx"
	if g := got(rep); g != want {
		t.Errorf("after the deadline:\n got %s\nwant %s", g, want)
	}
	// The task sheets: SKHCN's misses tasks 6 and 7 and reports SKHDT's
	// 18; SKHDT's report has no task sheet; SNNPTNT sent nothing.
	rep.CheckTasks(ref.Tasks)
	var sheets []string
	for _, a := range rep.Agencies {
		sheets = append(sheets, a.Code+": "+a.TaskSheetText())
	}
	if g, w := strings.Join(sheets, "; "), "SKHCN: 5/7, missing 6 7, not its own 18; SKHDT: no task sheet (leads 2); SNNPTNT: ; STTTT: no task sheet (leads 3)"; g != w {
		t.Errorf("task sheets:\n got %s\nwant %s", g, w)
	}
	problems := map[string]string{}
	for _, s := range rep.Problems {
		problems[filepath.Base(s.File)] = s.Problem
	}
	for file, reason := range map[string]string{
		"unknown.xlsx": "not in the plan's list of agencies",
		"quarter.xlsx": `Kỳ báo cáo "Quý II/2023"`,
		"damaged.xlsx": "damaged.xlsx",
		"login.xlsx":   "this is an HTML page",
	} {
		if !strings.Contains(problems[file], reason) {
			t.Errorf("problem with %s: %q, want it to say %q", file, problems[file], reason)
		}
	}
	if len(problems) != 4 {
		t.Errorf("problems %v", problems)
	}

	// JSON: snake_case names like the rest of chitieu's JSON, the period as
	// the command line writes it, and no zero dates for what is unknown.
	js, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"period":"2023-H1"`, `"agencies":[`, `"code":"SKHCN"`, `"report_date":"2023-06-05T00:00:00Z"`, `"problems":[`, `"problem":"`} {
		if !strings.Contains(string(js), want) {
			t.Errorf("JSON lacks %s:\n%s", want, js)
		}
	}
	for _, bad := range []string{"0001-01-01", `"Code"`, `"ReportDate"`} {
		if strings.Contains(string(js), bad) {
			t.Errorf("JSON has %s:\n%s", bad, js)
		}
	}

	// Before the deadline, an agency that has not reported is not yet late.
	rep = schedules.CheckSubmissions(subs, ref.Agencies, expected, p, time.Date(2023, 6, 9, 23, 0, 0, 0, loc), loc)
	if g := got(rep); !strings.Contains(g, "SNNPTNT=pending") {
		t.Errorf("before the deadline: %s", g)
	}
	// The annual report of 2022 was on time (before 30 November 2022).
	rep = schedules.CheckSubmissions(subs, ref.Agencies, expected, schedules.Period{Year: 2022}, time.Date(2023, 1, 1, 0, 0, 0, 0, loc), loc)
	if g := got(rep); g != "SKHCN=missing SKHDT=missing SNNPTNT=on_time@snnptnt-2022.xlsx STTTT=missing" {
		t.Errorf("annual 2022: %s", g)
	}
}

// TestSubmissionTasksOfTwoPlans: with a second plan whose tasks are
// numbered from 1 too, a task sheet's cells are read as the loader reads
// them (N, or PLAN:N where several plans have a task N), and the tasks an
// agency leads are named so.
func TestSubmissionTasksOfTwoPlans(t *testing.T) {
	ctx := context.Background()
	ref, err := plan.Load()
	if err != nil {
		t.Fatal(err)
	}
	p, err := ref.LoadPlanDir(filepath.Join("..", "testdata", "plans", "example-dx-2026"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ref.AddPlan(p); err != nil {
		t.Fatal(err)
	}
	inbox := t.TempDir()
	var tasks []excel.ReportTask
	// SKHCN leads Plan 185's tasks 1–7 and the example's task 2: "1" is
	// Plan 185's (the example's task 1 is STTTT's), "2" could be either
	// (rejected by the loader), the example's task 3 is STTTT's.
	for _, cell := range []string{"1", "2", "hn-185-2021:3", "4", "5", "6", "example-dx-2026:2", "example-dx-2026:3"} {
		tasks = append(tasks, excel.ReportTask{Cell: cell, Status: "đang triển khai"})
	}
	date := time.Date(2026, 6, 5, 0, 0, 0, 0, time.UTC)
	dropReport(t, inbox, "skhcn.xlsx", excel.Report{Agency: "Sở Khoa học và Công nghệ", AgencyCode: "SKHCN", Period: "6 tháng đầu năm 2026", Date: date, Tasks: tasks})
	subs, err := schedules.ScanInbox(ctx, inbox)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation(schedules.DefaultTimeZone)
	rep := schedules.CheckSubmissions(subs, ref.Agencies, []string{"SKHCN"}, schedules.Period{Year: 2026, H1: true}, date, loc)
	rep.CheckTasks(ref.Tasks)
	if len(rep.Agencies) == 0 || rep.Agencies[0].Code != "SKHCN" {
		t.Fatalf("agencies %+v", rep.Agencies)
	}
	a := rep.Agencies[0]
	if g, w := strings.Join(a.TasksLed, " "), "hn-185-2021:1 hn-185-2021:2 hn-185-2021:3 4 5 6 7 example-dx-2026:2"; g != w {
		t.Errorf("tasks led: %s, want %s", g, w)
	}
	if g, w := a.TaskSheetText(), "6/8, missing hn-185-2021:2 7, not its own 2 example-dx-2026:3"; g != w {
		t.Errorf("task sheet: %q, want %q", g, w)
	}
}
