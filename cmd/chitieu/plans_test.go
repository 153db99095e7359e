package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/load"
)

// twoPlanDB is the sample warehouse with the example plan
// (testdata/plans/example-dx-2026) seeded beside Plan 185.
func twoPlanDB(t *testing.T) string {
	t.Helper()
	db := sampleDB(t)
	w, err := load.Open(context.Background(), db, load.Options{PlanDirs: []string{filepath.Join("..", "..", "testdata", "plans", "example-dx-2026")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestPlanFlags: kpi, tasks, report and sql (the example queries) take --plan
// (an id or a number, any case), refuse an unknown plan naming the known
// ones, and take their years, reviews and titles from the plan's data.
func TestPlanFlags(t *testing.T) {
	db := twoPlanDB(t)
	both := "hn-185-2021 (185/KH-UBND), example-dx-2026 (99/KH-UBND (ví dụ))"
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"kpi", "--plan", "hn-186-2021"}, both},
		{[]string{"tasks", "--plan", "186/KH-UBND"}, both},
		{[]string{"sql", "--run", "kpi_trend", "--plan", "nope"}, both},
		{[]string{"kpi", "--plan", "185/kh-ubnd", "--year", "2030"}, "covers 2020 (baseline) to 2025"},
		{[]string{"kpi", "--plan", "example-dx-2026", "--year", "2024"}, "covers 2025 (baseline) to 2030"},
		{[]string{"report", "--review", "final-2025", "--plan", "example-dx-2026"}, "final-2030 (example-dx-2026)"},
		{[]string{"report", "--review", "final-2025", "--plan", "nope"}, "unknown review"},
	} {
		code, _, errOut := chitieu(t, "", append(tt.args, "--db", db)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, want 2 and %q\n%s", tt.args, code, tt.want, errOut)
		}
	}

	lines := func(args ...string) []string {
		t.Helper()
		code, out, errOut := chitieu(t, "", append(args, "--db", db, "--format", "csv")...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		return strings.Split(strings.TrimSpace(out), "\n")[1:]
	}
	// The example: EX1 by 2026 (2025–2026), EX1 by 2030 and EX2 by 2030
	// (2025–2030 each); Plan 185: 8 targets, each its latest year.
	if n := len(lines("kpi", "--plan", "EXAMPLE-DX-2026", "--all")); n != 2+6+6 {
		t.Errorf("kpi --plan example-dx-2026 --all: %d rows, want 14", n)
	}
	if got := lines("kpi", "--plan", "185/KH-UBND"); len(got) != 8 || !strings.HasPrefix(got[0], "1,KPI1_TFP_SHARE,2024,") {
		t.Errorf("kpi --plan 185/KH-UBND: %q", got)
	}
	if n := len(lines("tasks", "--plan", "example-dx-2026")); n != 3 {
		t.Errorf("tasks --plan example-dx-2026: %d tasks, want 3", n)
	}
	if n := len(lines("tasks", "--plan", "hn-185-2021")); n != 35 {
		t.Errorf("tasks --plan hn-185-2021: %d tasks, want 35", n)
	}
	if got := lines("sql", "--run", "plan_tasks_due", "--plan", "99/kh-ubnd (ví dụ)"); strings.Join(got, "|") !=
		"Sở Thông tin và Truyền thông,2,2,15|Sở Khoa học và Công nghệ,1,1," { // due by midterm-2028
		t.Errorf("plan_tasks_due of the example: %q", got)
	}

	// A review from the example's data (reviews.tsv): its title, its years
	// from the baseline 2025 to 2030, and each target with the decision
	// in force at the date read: the amendment of 20 June 2027 from 1 July.
	code, out, errOut := chitieu(t, "", "report", "--db", db, "--review", "final-2030", "--as-of", "2027-08-01", "--format", "md", "--quiet")
	if code != 0 {
		t.Fatalf("report --review final-2030: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{
		"# Tổng kết kế hoạch ví dụ giai đoạn 2026–2030\n\n*Final review of the example plan, 2026–2030*",
		"Kế hoạch 99/KH-UBND (ví dụ) ngày 01/02/2026 của UBND Thành phố",
		"| 2025 | 2026 | 2027 | 2028 | 2029 | 2030 | Mục tiêu 2030 / Target |",
		"≥ 90 (năm 2030) — theo 123/QĐ-UBND (ví dụ) ngày 20/06/2027 / ≥ 90.0 (by 2030); set by 123/QĐ-UBND (ví dụ) (2027-06-20)",
		"≥ 22 (năm 2026) — theo 99/KH-UBND (ví dụ) ngày 01/02/2026 / ≥ 22.0 (by 2026); set by 99/KH-UBND (ví dụ) (2026-02-01)",
		"The plan's 3 programmes and projects",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("final-2030 report lacks %q\n%.1500s", want, out)
		}
	}
	if strings.Contains(out, "KPI1_TFP_SHARE") || strings.Contains(out, "Tỷ lệ đóng góp của năng suất") || strings.Contains(out, "| 2024 |") {
		t.Errorf("final-2030 report shows Plan 185's KPIs or years\n%.1500s", out)
	}
	// before the amendment's date, the plan's own target
	_, out, _ = chitieu(t, "", "report", "--db", db, "--review", "final-2030", "--as-of", "2027-06-30", "--format", "md", "--quiet")
	if !strings.Contains(out, "≥ 80 (năm 2030) — theo 99/KH-UBND (ví dụ) ngày 01/02/2026") || strings.Contains(out, "123/QĐ-UBND") {
		t.Errorf("final-2030 as of 2027-06-30 does not use the plan's own target\n%.1500s", out)
	}
}
