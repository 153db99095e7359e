package load_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/load"
)

// examplePlan is a second plan as data only (testdata/plans/example-dx-2026:
// two KPIs, three tasks, one amended target; an example, not a real plan).
var examplePlan = filepath.Join("..", "testdata", "plans", "example-dx-2026")

// TestSecondPlanAsData: a plan folder given to Open is seeded beside Plan
// 185, its KPIs are computed from their formulas at its place, and its
// amended target is judged from the amendment's date on, the original
// before it.
func TestSecondPlanAsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := load.Open(context.Background(), path, load.Options{PlanDirs: []string{examplePlan}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// reported on 15 January 2027: before the amendment of 1 July 2027
	reported := time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)
	loadReport(t, w, "stttt", reported, []string{"2025", "2026"},
		// EX1 = DIGITAL_ECON_VA / GRDP_CURRENT × 100: 2025 20 %, 2026 23 %
		row("DIGITAL_ECON_VA", "tỷ đồng", "", 200, 230),
		row("GRDP_CURRENT", "tỷ đồng", "", 1000, 1000),
		// EX2 reported: 2025 78 %, 2026 85 %
		row("EX2_ONLINE_SERVICES_SHARE", "%", "", 78, 85))

	if n := count(t, w, `SELECT count(DISTINCT plan_id) FROM kpi_status`); n != 2 {
		t.Errorf("kpi_status has %d plans, want 2 (Plan 185 and the example)", n)
	}
	// Plan 185: 8 targets × 2020..2025; the example: EX1 by 2026 (2025..2026),
	// EX1 by 2030 and EX2 by 2030 (2025..2030 each)
	for plan, want := range map[string]int64{"hn-185-2021": 48, "example-dx-2026": 2 + 6 + 6} {
		if n := count(t, w, `SELECT count(*) FROM kpi_status WHERE plan_id = ?`, plan); n != want {
			t.Errorf("kpi_status rows of %s = %d, want %d", plan, n, want)
		}
	}

	type target struct {
		actual, expected       float64
		status, text, decision string
		decided                time.Time
		progress               *float64
	}
	read := func(asOf time.Time, kpi string, horizon, year int) target {
		t.Helper()
		var r target
		var progress *float64
		err := w.DB().QueryRow(`SELECT actual, expected_2025, status, target_text, target_decision, target_decision_date, anticipated_progress
			FROM kpi_status_as_of(?) WHERE plan_id = 'example-dx-2026' AND kpi_code = ? AND horizon_year = ? AND year = ?`,
			asOf, kpi, horizon, year).Scan(&r.actual, &r.expected, &r.status, &r.text, &r.decision, &r.decided, &progress)
		if err != nil {
			t.Fatalf("%s by %d, %d, as of %s: %v", kpi, horizon, year, asOf.Format(time.DateOnly), err)
		}
		r.progress = progress
		return r
	}
	before := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	after := time.Date(2027, 8, 1, 0, 0, 0, 0, time.UTC)

	// EX1 by 2026, ≥ 22: 23 in 2026 → achieved
	if r := read(after, "EX1_DIGITAL_ECON_SHARE", 2026, 2026); r.actual != 23 || r.status != "achieved" || r.text != "≥ 22.0 (by 2026)" {
		t.Errorf("EX1 by 2026 = %+v, want 23 achieved against ≥ 22.0 (by 2026)", r)
	}
	// EX1 by 2030, ≥ 40: two values, no trend, expected = 23; anticipated
	// progress (23 − 20) / (40 − 20) = 0.15 < 0.5 → off_track
	if r := read(after, "EX1_DIGITAL_ECON_SHARE", 2030, 2026); r.expected != 23 || r.status != "off_track" || r.progress == nil || *r.progress != 0.15 {
		t.Errorf("EX1 by 2030 = %+v, want expected 23, off_track (progress 0.15)", r)
	}
	// EX2 before the amendment: the plan's ≥ 80, met by 85 → achieved
	r := read(before, "EX2_ONLINE_SERVICES_SHARE", 2030, 2026)
	if r.status != "achieved" || r.text != "≥ 80.0 (by 2030)" || r.decision != "99/KH-UBND (ví dụ)" || !r.decided.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("EX2 as of %s = %+v, want achieved against the plan's ≥ 80", before.Format(time.DateOnly), r)
	}
	// after it: ≥ 90 of decision 123; 85 misses, progress (85 − 78) / (90 −
	// 78) = 0.5833 ≥ 0.5 → at_risk. The newest reading (kpi_status) is the same.
	for _, asOf := range []time.Time{after, never} {
		r := read(asOf, "EX2_ONLINE_SERVICES_SHARE", 2030, 2026)
		if r.status != "at_risk" || r.text != "≥ 90.0 (by 2030)" || r.decision != "123/QĐ-UBND (ví dụ)" ||
			!r.decided.Equal(time.Date(2027, 6, 20, 0, 0, 0, 0, time.UTC)) || r.progress == nil || *r.progress < 0.5833 || *r.progress > 0.5834 {
			t.Errorf("EX2 as of %s = %+v, want at_risk against the amended ≥ 90 (progress 0.5833)", asOf.Format(time.DateOnly), r)
		}
	}
	// Plan 185's verdicts do not move: KPI 4 reads the same inputs at the
	// same place but only to 2025, against its own target
	var text string
	if err := w.DB().QueryRow(`SELECT target_text FROM kpi_status WHERE kpi_code = 'KPI4_DIGITAL_ECON_SHARE' AND year = 2025`).Scan(&text); err != nil || text != "≈ 30.0 (±2.0) (by 2025)" {
		t.Errorf("KPI 4's target = %q (%v)", text, err)
	}
	w.Close()

	// A later open that does not name the plan leaves it as it was.
	w2 := mustOpenWarehouse(t, path)
	if n := count(t, w2, `SELECT count(*) FROM targets WHERE plan_id = 'example-dx-2026'`); n != 4 {
		t.Errorf("after an open without the folder, the example has %d targets, want 4", n)
	}
	if n := count(t, w2, `SELECT count(*) FROM plan_tasks WHERE plan_id = 'example-dx-2026'`); n != 3 {
		t.Errorf("after an open without the folder, the example has %d tasks, want 3", n)
	}
}

// openWithExample opens a new warehouse seeded with Plan 185 and the
// example plan.
func openWithExample(t *testing.T) *load.Warehouse {
	t.Helper()
	w, err := load.Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), load.Options{PlanDirs: []string{examplePlan}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// TestResolvePlan: --plan takes a plan's id or its number in any case;
// without one, the plan in force at the date (its period holds the year;
// between or after plans the one that ended last; before them all the
// earliest); anything else is an error that lists the plans.
func TestResolvePlan(t *testing.T) {
	w := openWithExample(t)
	ctx := context.Background()
	at := func(y int) time.Time { return time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		name string
		now  time.Time
		want string
	}{
		{"hn-185-2021", at(2028), "hn-185-2021"},
		{"HN-185-2021", at(2028), "hn-185-2021"},
		{" 185/kh-ubnd ", at(2028), "hn-185-2021"},
		{"99/KH-UBND (ví dụ)", at(2022), "example-dx-2026"},
		{"", at(2023), "hn-185-2021"},     // in its period
		{"", at(2026), "example-dx-2026"}, // the example's period has begun
		{"", at(2019), "hn-185-2021"},     // before every plan: the earliest
		{"", at(2035), "example-dx-2026"}, // after every plan: the one that ended last
	} {
		p, err := w.ResolvePlan(ctx, tt.name, tt.now)
		if err != nil || p.ID != tt.want {
			t.Errorf("ResolvePlan(%q, %d) = %q, %v; want %s", tt.name, tt.now.Year(), p.ID, err, tt.want)
		}
	}
	p, _ := w.ResolvePlan(ctx, "", at(2024))
	if p.Number != "185/KH-UBND" || p.BaselineYear != 2020 || p.FirstYear != 2021 || p.LastYear != 2025 {
		t.Errorf("Plan 185 = %+v", p)
	}
	_, err := w.ResolvePlan(ctx, "hn-186-2021", at(2024))
	if err == nil || !strings.Contains(err.Error(), `no plan "hn-186-2021"`) ||
		!strings.Contains(err.Error(), "hn-185-2021 (185/KH-UBND), example-dx-2026 (99/KH-UBND (ví dụ))") {
		t.Errorf("unknown plan: %v; want an error listing both plans", err)
	}
}

// TestTaskProgressPerPlan: both plans number their tasks from 1, so a task
// cell is N where one plan has a task N, or the one of them the reporting
// agency leads, and PLAN:N otherwise; an ambiguous cell is rejected with
// the forms to write. task_progress and task_status_as_of are per plan,
// and a report equal to the newest of another plan's task of the same
// number is not taken for a repeat.
func TestTaskProgressPerPlan(t *testing.T) {
	w := openWithExample(t)
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	// Plan 185's task 1 is SKHCN's and the example's STTTT's; both task 2s
	// are SKHCN's; Plan 185's task 3 is SKHCN's and the example's STTTT's.
	st := loadTaskReport(t, w, "skhcn-2026", "SKHCN", d("2026-11-25"),
		excel.ReportTask{Cell: "hn-185-2021:2", Status: "hoàn thành"},
		excel.ReportTask{No: 1, Status: "hoàn thành"},
		excel.ReportTask{No: 2, Status: "đang triển khai"},
		excel.ReportTask{Cell: "EXAMPLE-DX-2026:3", Status: "đang triển khai"},
		excel.ReportTask{Cell: "nosuch:1", Status: "đang triển khai"},
		excel.ReportTask{Cell: "example-dx-2026:9", Status: "đang triển khai"})
	if st.Stats.Read != 7 || st.Stats.Accepted != 3 || st.Stats.Rejected != 4 {
		t.Errorf("stats %+v, want read 7 = accepted 3 (the value, hn-185-2021:2 and 1) + rejected 4", st.Stats)
	}
	loadTaskReport(t, w, "stttt-2026", "STTTT", d("2026-11-26"), excel.ReportTask{No: 3, Status: "đang triển khai"})
	loadTaskReport(t, w, "skhdt-2026", "SKHDT", d("2026-11-27"), excel.ReportTask{Cell: "hn-185-2021:18", Status: "hoàn thành"})
	// a later SKHCN report: the example's task 2 done, equal to the newest
	// row of Plan 185's task 2 but another plan's task
	loadTaskReport(t, w, "skhcn-2026b", "SKHCN", d("2026-12-01"), excel.ReportTask{Cell: "example-dx-2026:2", Status: "hoàn thành"})

	reasons := queryStrings(t, w, `SELECT raw_series || ' ' || reason_code || ': ' || reason FROM rejected_rows ORDER BY row_no`)
	want := []string{
		`2 unknown_task: unknown task 2: several plans have a task 2; write which: hn-185-2021:2 (led by SKHCN) or example-dx-2026:2 (led by SKHCN)`,
		`EXAMPLE-DX-2026:3 not_task_lead: task example-dx-2026:3 is led by STTTT, not SKHCN`,
		`nosuch:1 unknown_task: unknown task "nosuch:1": no plan nosuch has tasks (the plans are hn-185-2021, example-dx-2026)`,
		`example-dx-2026:9 unknown_task: unknown task 9: plan example-dx-2026 has no such task`,
	}
	if strings.Join(reasons, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejected rows:\n%s\nwant\n%s", strings.Join(reasons, "\n"), strings.Join(want, "\n"))
	}
	got := queryStrings(t, w, `SELECT plan_id || ':' || task_no || ' ' || agency || ' ' || status FROM task_progress ORDER BY vintage, plan_id, task_no`)
	wantRows := []string{"hn-185-2021:1 SKHCN hoàn thành", "hn-185-2021:2 SKHCN hoàn thành", "example-dx-2026:3 STTTT đang triển khai",
		"hn-185-2021:18 SKHDT hoàn thành", "example-dx-2026:2 SKHCN hoàn thành"}
	if strings.Join(got, "; ") != strings.Join(wantRows, "; ") {
		t.Errorf("task_progress:\n%s\nwant\n%s", strings.Join(got, "; "), strings.Join(wantRows, "; "))
	}
	status := queryStrings(t, w, `SELECT plan_id || ':' || task_no || ' ' || coalesce(status, '-') || ' done=' || done
		FROM task_status_as_of(TIMESTAMP '2026-12-31') WHERE task_no IN (1, 2, 3) ORDER BY plan_id, task_no`)
	wantStatus := []string{"example-dx-2026:1 - done=false", "example-dx-2026:2 hoàn thành done=true", "example-dx-2026:3 đang triển khai done=true", // issued before the plan
		"hn-185-2021:1 hoàn thành done=true", "hn-185-2021:2 hoàn thành done=true", "hn-185-2021:3 - done=true"}
	if strings.Join(status, "; ") != strings.Join(wantStatus, "; ") {
		t.Errorf("task_status_as_of:\n%s\nwant\n%s", strings.Join(status, "; "), strings.Join(wantStatus, "; "))
	}
}

// TestPlanAfter2025: a plan after Plan 185 ranks Hà Nội among the 34
// province-level units of 2026 (provinces_in), not among a fixed 63 that
// would call every later rank "partial"; and a two-sided band's gap is
// positive while the value is still above it (the README: positive, still
// to go).
func TestPlanAfter2025(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"plan.tsv": "id\tlater\nnumber\t1/KH-TEST\ntitle_vi\tKế hoạch thử\ntitle_en\tTest plan\nissuer\tUBNDTP\n" +
			"issued\t2026-01-10\nfirst_year\t2026\nlast_year\t2030\nbaseline_year\t2025\ngeo\t01\n",
		"reviews.tsv":  "final-2030\t2030\tlatest\tTổng kết\tFinal review\n",
		"agencies.tsv": "UBNDTP\tUBND Thành phố Hà Nội\tHanoi People's Committee\tcity\nSKHCN\tSở Khoa học và Công nghệ\tDepartment of Science and Technology\tdepartment\n",
		"kpis.tsv": "T1_BAND\t1\tDải\tBand\t%\t0\t100\tA share that must stay in a band.\tyear\treported\n" +
			"T2_PUB_RANK\t2\tHạng công bố\tPublications rank\thạng\t1\t63\tRank by publications.\tyear\trank(input=INTL_PUBLICATIONS)\n",
		"targets.tsv": "T1_BAND\tbetween\t40\t50\t\tlevel\tSKHCN\t\tTừ 40% đến 50%.\tFrom 40% to 50%.\t\ttwo_sided\tA band: above 50 fails too.\t2030\t\t\t\n" +
			"T2_PUB_RANK\trank_le\t3\t\t\tlevel\tSKHCN\t\tTop 3.\tTop 3.\t\tdown\tRank 3 or better among all provinces.\t2030\t\t\t\n",
		"tasks.tsv": "1\tNhiệm vụ thử\tSKHCN\t\t\tUBNDTP\t2027\t1\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := load.Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), load.Options{PlanDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rows, err := w.DB().Query(`SELECT geo_code FROM provinces_in(2026)`)
	if err != nil {
		t.Fatal(err)
	}
	var units []string
	for rows.Next() {
		var g string
		rows.Scan(&g)
		units = append(units, g)
	}
	rows.Close()
	if len(units) != 34 {
		t.Fatalf("%d units in 2026, want 34", len(units))
	}
	// 2026 publications: Hà Nội (01) fourth of the 34
	report := []excel.ReportRow{row("T1_BAND", "%", "", 60, 55)}
	for i, g := range units {
		v := float64(100 - i)
		if g == "01" {
			v = 96.5 // below 97, 98, 99, 100 (three units) … fourth
		}
		report = append(report, row("INTL_PUBLICATIONS", "bài", g, none, v))
	}
	loadReport(t, w, "skhcn", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), []string{"2025", "2026"}, report...)

	var rank, gap float64
	var method, status string
	if err := w.DB().QueryRow(`SELECT actual, method, status FROM kpi_status WHERE kpi_code = 'T2_PUB_RANK' AND year = 2026`).Scan(&rank, &method, &status); err != nil {
		t.Fatal(err)
	}
	if want := "derived: rank of Hà Nội by INTL_PUBLICATIONS among 34 of 34 provinces"; method != want || status == "no_data" {
		t.Errorf("2026 rank %v %q %s, want it judged: %q", rank, method, status, want)
	}
	if err := w.DB().QueryRow(`SELECT gap FROM kpi_status WHERE kpi_code = 'T1_BAND' AND year = 2026`).Scan(&gap); err != nil || gap != 5 {
		t.Errorf("band 40–50 at 55: gap %v (%v), want +5 (still to go, down)", gap, err)
	}
}
