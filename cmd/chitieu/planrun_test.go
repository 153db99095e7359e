package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanRunReseedsAndRefuses: a sources file naming a plan folder seeds
// it whole on every run without duplicating it, and a run whose folder has
// a problem fails before it writes anything, listing the problem.
func TestPlanRunReseedsAndRefuses(t *testing.T) {
	dir := t.TempDir()
	folder := writeSecondPlan(t, dir)
	body := "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n" +
		"dataflow,X:DF(1.0),I,A,VN,RD,2020,1\n"
	if err := os.WriteFile(filepath.Join(dir, "small.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	sources := filepath.Join(dir, "sources.toml")
	if err := os.WriteFile(sources, []byte("plans = [\"plans/second\"]\n\n[[source]]\nname = \"small\"\npath = \"small.csv\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "w.duckdb")
	const query = `SELECT (SELECT count(*) FROM plans) AS plans,
		(SELECT count(*) FROM targets WHERE plan_id = 'example-dx-2026') AS targets,
		(SELECT string_agg(decision || ' ' || decision_date || ' ' || in_force_from, '; ') FROM targets
			WHERE plan_id = 'example-dx-2026' AND decision <> '99/KH-UBND (ví dụ)') AS amendments,
		(SELECT count(*) FROM plan_tasks WHERE plan_id = 'example-dx-2026') AS tasks,
		(SELECT count(*) FROM kpi_formula_inputs) AS inputs,
		(SELECT count(*) FROM etl_runs) AS runs`
	state := func() string {
		t.Helper()
		code, out, errOut := chitieu(t, "", "sql", "--db", db, "--format", "csv", query)
		if code != 0 {
			t.Fatalf("sql: exit %d\n%s%s", code, out, errOut)
		}
		return out
	}
	var first string
	for i := 1; i <= 2; i++ {
		code, out, errOut := chitieu(t, "", "run", "--db", db, "--sources", sources, "--landing", t.TempDir())
		if code != 0 {
			t.Fatalf("run %d: exit %d\n%s%s", i, code, out, errOut)
		}
		got := state()
		want := "plans,targets,amendments,tasks,inputs,runs\n"
		if i == 1 {
			first = got
		}
		if !strings.HasPrefix(got, want+"2,4,123/QĐ-UBND (ví dụ) 2027-06-20 2027-07-01,3,") || !strings.HasSuffix(got, ","+string(rune('0'+i))+"\n") {
			t.Errorf("after run %d:\n%s", i, got)
		}
		if i == 2 && strings.TrimSuffix(got, "2\n") != strings.TrimSuffix(first, "1\n") {
			t.Errorf("the second run changed the plan rows:\n%s\nthen\n%s", first, got)
		}
	}
	before := state()
	tasks, _ := os.ReadFile(filepath.Join(folder, "tasks.tsv"))
	os.WriteFile(filepath.Join(folder, "tasks.tsv"), []byte(strings.Replace(string(tasks), "Quý II/2026", "Quý 2/2026", 1)), 0o644)
	code, out, errOut := chitieu(t, "", "run", "--db", db, "--sources", sources, "--landing", t.TempDir())
	if code == 0 || !strings.Contains(errOut, folder+"/tasks.tsv:3:7 (due_text): due time \"Quý 2/2026\"") {
		t.Errorf("run with a broken plan folder: exit %d\n%s%s", code, out, errOut)
	}
	if after := state(); after != before {
		t.Errorf("a refused run changed the warehouse:\n%s\nthen\n%s", before, after)
	}

	os.WriteFile(filepath.Join(folder, "tasks.tsv"), tasks, 0o644)

	// The folder's id changed: its KPI codes are still the old plan's, and
	// the run says so, with the way out; removing the old plan lets it run.
	plan, _ := os.ReadFile(filepath.Join(folder, "plan.tsv"))
	os.WriteFile(filepath.Join(folder, "plan.tsv"), []byte(strings.Replace(string(plan), "id\texample-dx-2026", "id\texample-renamed", 1)), 0o644)
	code, out, errOut = chitieu(t, "", "run", "--db", db, "--sources", sources, "--landing", t.TempDir())
	if code == 0 || !strings.Contains(errOut, "KPI EX1_DIGITAL_ECON_SHARE is already plan example-dx-2026's in the warehouse") ||
		!strings.Contains(errOut, "chitieu plan remove example-dx-2026") {
		t.Errorf("run with a renamed plan: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := chitieu(t, "", "plan", "remove", "--db", db, "hn-185-2021"); code != 1 || !strings.Contains(errOut, "built into chitieu") {
		t.Errorf("plan remove of the built-in plan: exit %d %s", code, errOut)
	}
	if code, out, errOut := chitieu(t, "", "plan", "remove", "--db", db, "example-dx-2026"); code != 0 || !strings.Contains(out, "removed plan example-dx-2026") {
		t.Fatalf("plan remove: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := chitieu(t, "", "run", "--db", db, "--sources", sources, "--landing", t.TempDir()); code != 0 {
		t.Fatalf("run after the removal: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = chitieu(t, "", "sql", "--db", db, "--format", "csv", "SELECT string_agg(plan_id, ' ' ORDER BY plan_id) AS p FROM plans")
	if code != 0 || out != "p\nexample-renamed hn-185-2021\n" {
		t.Errorf("plans after the rename: %q", out)
	}
}
