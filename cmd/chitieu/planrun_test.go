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
}
