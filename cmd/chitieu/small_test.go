package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUsageMistakesRefused: options that used to be accepted silently.
func TestUsageMistakesRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "--db", db, "--log-format", "xml"}, 2, `unknown log format "xml"`},
		{[]string{"schedule", "--log-format", "xml", "--list"}, 2, `unknown log format "xml"`},
		{[]string{"kpi", "--db", db, "--year", "2023", "--all"}, 2, "--year and --all exclude each other"},
		{[]string{"kpi", "--help"}, 0, "md (Markdown)"},
	}
	for _, tt := range tests {
		code, out, errOut := chitieu(t, "", tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("chitieu %v: exit %d, want %d; output does not contain %q:\n%s%s", tt.args, code, tt.code, tt.want, out, errOut)
		}
	}
}

// TestSmallHonesties runs the bundled sources once and checks the smaller
// points of issue 15 against it.
func TestSmallHonesties(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	sources := filepath.Join("..", "..", "schedules", "sources.toml")
	if code, out, errOut := chitieu(t, "", "run", "--db", db, "--sources", sources, "--landing", filepath.Join(dir, "landing")); code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}

	// kpi --as-of before the first vintage says that nothing was known.
	code, out, errOut := chitieu(t, "", "kpi", "--db", db, "--as-of", "2023-11-30")
	if code != 0 || !strings.Contains(out, "nothing was known on 2023-11-30") || !strings.Contains(out, "earliest vintage is") {
		t.Errorf("kpi --as-of before any data: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = chitieu(t, "", "kpi", "--db", db, "--as-of", "2023-11-30", "--format", "csv")
	if code != 0 || strings.Contains(out, "nothing was known") || !strings.Contains(errOut, "nothing was known") {
		t.Errorf("kpi --as-of --format csv: the note belongs on standard error: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = chitieu(t, "", "kpi", "--db", db, "--as-of", "2025-01-01")
	if code != 0 || strings.Contains(out, "nothing was known") {
		t.Errorf("kpi --as-of after the data: exit %d\n%s", code, out)
	}

	// A $parameter without its --param is named.
	code, _, errOut = chitieu(t, "", "sql", "--db", db, "--param", "year=2024", "SELECT $nope, $year, '$inside' -- $comment")
	if code != 2 || !strings.Contains(errOut, "$nope") || !strings.Contains(errOut, "--param nope=VALUE") || strings.Contains(errOut, "$year") ||
		strings.Contains(errOut, "inside") || strings.Contains(errOut, "comment") {
		t.Errorf("sql with a missing parameter: exit %d\n%s", code, errOut)
	}

	// sources works away from the repository's folder (no
	// schedules/jobs.toml there), from the warehouse's history.
	wd, _ := os.Getwd()
	abs, _ := filepath.Abs(db)
	if err := os.Chdir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = chitieu(t, "", "sources", "--db", abs)
	os.Chdir(wd)
	if code != 0 || !strings.Contains(out, "skhcn-report") || !strings.Contains(out, "staleness is not judged") {
		t.Errorf("sources outside the repository: exit %d\n%s%s", code, out, errOut)
	}
}

// TestDecoderLogsFollowLogFormat: with --log-format json every log line is
// JSON, the decoders' included (the xlsx decoder's note on a formula it
// computed used to come out as text through the standard logger).
func TestDecoderLogsFollowLogFormat(t *testing.T) {
	dir := t.TempDir()
	input, err := filepath.Abs(filepath.Join("..", "..", "testdata", "bad", "xlsx-formula-errors", "input.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	sources := filepath.Join(dir, "sources.toml")
	os.WriteFile(sources, []byte("[[source]]\nname = \"formulas\"\npath = \""+input+"\"\n"), 0o644)
	code, out, errOut := chitieu(t, "", "run", "--db", filepath.Join(dir, "w.duckdb"), "--sources", sources, "--landing", filepath.Join(dir, "landing"), "--log-format", "json")
	if code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}
	formula := false
	for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("a log line is not JSON: %q", line)
			continue
		}
		if msg, _ := rec["msg"].(string); strings.Contains(msg, "formula") {
			formula = true
		}
	}
	if !formula {
		t.Errorf("the decoder's formula note is not among the JSON logs:\n%s", errOut)
	}
}
