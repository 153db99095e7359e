package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// chitieu runs the command in-process, as a user would from a shell.
func chitieu(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = realMain(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageAndExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	tests := []struct {
		args []string
		code int
		want string // in stdout or stderr
	}{
		{nil, 2, "Usage: chitieu COMMAND"},
		{[]string{"--help"}, 0, "Commands:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"run", "--help"}, 0, "--only"},
		{[]string{"kpi", "--help"}, 0, "--year"},
		{[]string{"sql", "--help"}, 0, "read-only"},
		{[]string{"load", "--help"}, 0, "detected"},
		{[]string{"run", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"kpi", "--db", db, "--year", "2024", "--all"}, 2, "exclude each other"},
		{[]string{"kpi", "--db", db, "--format", "xml"}, 2, `unknown format "xml"`},
		{[]string{"load", "--db", db}, 2, "no files given"},
		{[]string{"kpi", "--db", db}, 1, "run 'chitieu run' first"},
	}
	for _, tt := range tests {
		code, out, errOut := chitieu(t, "", tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("chitieu %v: exit %d, want %d; output does not contain %q:\n%s%s", tt.args, code, tt.code, tt.want, out, errOut)
		}
	}
}

// TestEndToEnd runs the bundled sources and checks the KPI table against a
// golden file (update with -update and review the diff).
func TestEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	sources := filepath.Join("..", "..", "schedules", "sources.toml")
	code, out, errOut := chitieu(t, "", "run", "--db", db, "--sources", sources, "--landing", t.TempDir())
	if code != 0 || !strings.Contains(out, "run 1 succeeded: 13 sources") || !strings.Contains(out, "rows read 1642 = loaded 1642 + rejected 0") { // 11 of them the sample reports' task rows
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = chitieu(t, "", "run", "--db", db, "--sources", sources, "--landing", t.TempDir())
	if code != 0 || !strings.Contains(out, "13 unchanged") || !strings.Contains(out, "nothing new") {
		t.Fatalf("second run: exit %d\n%s", code, out)
	}

	code, out, errOut = chitieu(t, "", "kpi", "--db", db, "--format", "csv")
	if code != 0 {
		t.Fatalf("kpi: exit %d: %s", code, errOut)
	}
	golden := filepath.Join("testdata", "kpi_sample.csv")
	if *update {
		os.WriteFile(golden, []byte(out), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("kpi output differs from %s:\n got:\n%s\nwant:\n%s", golden, out, want)
	}

	code, out, _ = chitieu(t, "", "kpi", "--db", db)
	if code != 0 || !strings.Contains(out, "(8 rows)") || !strings.Contains(out, "KPI2_LABOUR_PROD_GROWTH") {
		t.Errorf("kpi table: exit %d\n%s", code, out)
	}

	code, out, _ = chitieu(t, "", "sql", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM plan_tasks")
	if code != 0 || out != "n\n35\n" {
		t.Errorf("sql csv: exit %d %q", code, out)
	}
	code, out, _ = chitieu(t, "SELECT count(*) AS n FROM observations WHERE geo_code = '01'", "sql", "--db", db, "--format", "json")
	// 141: Hà Nội's own rows (sample reports, the NSO tables, published figures, the other samples); its districts' rows are on 01.001 … 01.282.
	if code != 0 || strings.TrimSpace(out) != `{"n":141}` {
		t.Errorf("sql from stdin: exit %d %q", code, out)
	}
	code, _, errOut = chitieu(t, "", "sql", "--db", db, "SELEC nonsense")
	if code != 1 || !strings.Contains(errOut, "syntax error") {
		t.Errorf("bad SQL: exit %d %q", code, errOut)
	}
	code, _, errOut = chitieu(t, "", "sql", "--db", db, "DELETE FROM observations")
	if code != 1 || !strings.Contains(errOut, "read-only") {
		t.Errorf("write through sql: exit %d %q", code, errOut)
	}
}
