package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/excel"
)

// writeSecondPlan writes a second plan as data only — two KPIs, three tasks,
// one amended target — into dir/plans/second, from the example plan of
// testdata/plans/example-dx-2026 (an example, not a real plan), and returns
// the folder.
func writeSecondPlan(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "plans", "example-dx-2026")
	dst := filepath.Join(dir, "plans", "second")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(src, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, f.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestSecondPlanEndToEnd is issue 17's "done": a second plan written as
// data only passes 'chitieu plan check', a run of a sources file naming it
// seeds it beside Plan 185, and kpi_status holds both plans' rows, the
// amended target judged after its date and the original before.
func TestSecondPlanEndToEnd(t *testing.T) {
	dir := t.TempDir()
	folder := writeSecondPlan(t, dir)

	code, out, errOut := chitieu(t, "", "plan", "check", folder)
	if code != 0 || !strings.Contains(out, "plan example-dx-2026 (99/KH-UBND (ví dụ), 2026–2030, baseline 2025, place 01): 2 KPIs, 4 targets (1 amendment(s)), 3 tasks, 2 reviews: ok") {
		t.Fatalf("plan check: exit %d\n%s%s", code, out, errOut)
	}
	// a broken copy: every problem placed at its file, line and column
	broken := filepath.Join(dir, "broken")
	os.Rename(writeSecondPlan(t, filepath.Join(dir, "b")), broken)
	targets, _ := os.ReadFile(filepath.Join(broken, "targets.tsv"))
	os.WriteFile(filepath.Join(broken, "targets.tsv"), []byte(strings.Replace(string(targets), "2027-06-20", "2027-06-31", 1)), 0o644)
	kpis, _ := os.ReadFile(filepath.Join(broken, "kpis.tsv"))
	os.WriteFile(filepath.Join(broken, "kpis.tsv"), []byte(strings.Replace(string(kpis), "denominator=GRDP_CURRENT", "denominator=GRDP_NOW", 1)), 0o644)
	code, out, _ = chitieu(t, "", "plan", "check", broken)
	for _, want := range []string{
		broken + "/kpis.tsv:3:10 (formula): input denominator=GRDP_NOW is not a known input series",
		broken + "/targets.tsv:7:17 (decision_date): \"2027-06-31\": want YYYY-MM-DD",
	} {
		if code != 1 || !strings.Contains(out, want) {
			t.Errorf("plan check of a broken folder: exit %d, want 1 and %q in\n%s", code, want, out)
		}
	}

	// the lead agency's report, dated 15 June 2026 (before the amendment
	// of 1 July 2027): EX1 = DIGITAL_ECON_VA / GRDP_CURRENT, 20 %
	// then 23 %; EX2 reported, 78 % then 85 %; and task 1, which both plans
	// have: the example's, since STTTT leads it there (Plan 185's is SKHCN's)
	f, err := os.Create(filepath.Join(dir, "bao-cao-stttt.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	err = excel.WriteReport(f, excel.Report{Agency: "Sở Thông tin và Truyền thông", AgencyCode: "STTTT", Period: "Năm",
		Date: time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC), Periods: []string{"2025", "2026"},
		Rows: []excel.ReportRow{
			{Code: "DIGITAL_ECON_VA", Unit: "tỷ đồng", Values: []any{200.0, 230.0}},
			{Code: "GRDP_CURRENT", Unit: "tỷ đồng", Values: []any{1000.0, 1000.0}},
			{Code: "EX2_ONLINE_SERVICES_SHARE", Unit: "%", Values: []any{78.0, 85.0}},
		},
		Tasks: []excel.ReportTask{{No: 1, Status: "đang triển khai", Allocated: 4.0, Disbursed: 1.5}}})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	sources := filepath.Join(dir, "sources.toml")
	os.WriteFile(sources, []byte(`plans = ["plans/second"]

[[source]]
name = "stttt-report"
path = "bao-cao-stttt.xlsx"
sample = true
`), 0o644)
	db := filepath.Join(dir, "w.duckdb")
	code, out, errOut = chitieu(t, "", "run", "--db", db, "--sources", sources, "--landing", t.TempDir())
	if code != 0 || !strings.Contains(out, "rows read 7 = loaded 7 + rejected 0") {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}

	code, out, _ = chitieu(t, "", "sql", "--db", db, "--format", "csv", "SELECT plan_id, count(*) AS n FROM kpi_status GROUP BY ALL ORDER BY 1")
	if code != 0 || out != "plan_id,n\nexample-dx-2026,14\nhn-185-2021,48\n" {
		t.Errorf("kpi_status by plan: exit %d\n%s", code, out)
	}
	ex2 := func(args ...string) string {
		t.Helper()
		code, out, errOut := chitieu(t, "", append([]string{"kpi", "--db", db, "--plan", "example-dx-2026", "--format", "csv", "--year", "2026"}, args...)...)
		if code != 0 {
			t.Fatalf("kpi %v: exit %d %s", args, code, errOut)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "2,EX2_ONLINE_SERVICES_SHARE,2026,") {
				return line
			}
		}
		t.Fatalf("kpi %v: no EX2 2026 row in\n%s", args, out)
		return ""
	}
	// before 1 July 2027, the plan's own ≥ 80, met by 85
	if line := ex2("--as-of", "2027-03-01"); !strings.Contains(line, "≥ 80.0 (by 2030),") || !strings.Contains(line, ",achieved,") {
		t.Errorf("EX2 as of 2027-03-01 = %s, want achieved against ≥ 80", line)
	}
	// after it, decision 123's ≥ 90: 85 misses, anticipated progress (85 −
	// 78) / (90 − 78) = 0.58 → at_risk; so now
	for _, args := range [][]string{{"--as-of", "2027-08-01"}, nil} {
		if line := ex2(args...); !strings.Contains(line, "≥ 90.0 (by 2030),") || !strings.Contains(line, ",at_risk,") || !strings.Contains(line, ",0.58,") {
			t.Errorf("EX2 %v = %s, want at_risk against the amended ≥ 90", args, line)
		}
	}

	code, out, _ = chitieu(t, "", "tasks", "--db", db, "--plan", "example-dx-2026", "--format", "csv")
	if code != 0 || !strings.Contains(out, "\n1,STTTT,Quý II/2026,đang triển khai,") || strings.Count(out, "\n") != 4 {
		t.Errorf("tasks of the example plan: exit %d\n%s", code, out)
	}
	code, out, _ = chitieu(t, "", "tasks", "--db", db, "--plan", "185/KH-UBND", "--format", "csv")
	if code != 0 || strings.Count(out, "\n") != 36 || strings.Contains(out, "đang triển khai") {
		t.Errorf("Plan 185's tasks took the example's report: exit %d\n%s", code, out)
	}
	code, out, errOut = chitieu(t, "", "report", "--db", db, "--review", "final-2030", "--format", "md", "--as-of", "2027-08-01")
	for _, want := range []string{"# Tổng kết kế hoạch ví dụ giai đoạn 2026–2030", "Kế hoạch 99/KH-UBND (ví dụ) ngày 01/02/2026",
		"≥ 90 (năm 2030) — theo 123/QĐ-UBND (ví dụ) ngày 20/06/2027", "≥ 22 (năm 2026) — theo 99/KH-UBND (ví dụ) ngày 01/02/2026",
		"| 1 | Đề án ví dụ về nền tảng dữ liệu dùng chung của thành phố | Sở Thông tin và Truyền thông | Quý II/2026 | Có / yes | Đang triển khai"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("report final-2030: exit %d, want %q in\n%s%s", code, want, out, errOut)
		}
	}
	code, out, _ = chitieu(t, "", "plan", "list", "--db", db, "--format", "csv")
	if code != 0 || !strings.Contains(out, "\nhn-185-2021,185/KH-UBND,2021–2025,") || !strings.Contains(out, "\nexample-dx-2026,") {
		t.Errorf("plan list: exit %d\n%s", code, out)
	}
}
