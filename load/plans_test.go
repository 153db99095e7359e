package load_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

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
