package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sampleDB runs the bundled sources into a new warehouse.
func sampleDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	sources := filepath.Join("..", "..", "schedules", "sources.toml")
	code, out, errOut := chitieu(t, "", "run", "--db", db, "--sources", sources, "--landing", t.TempDir())
	if code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}
	return db
}

func TestSQLCommand(t *testing.T) {
	db := sampleDB(t)
	dir := t.TempDir()

	// Markdown output.
	code, out, errOut := chitieu(t, "", "sql", "--db", db, "--format", "md", "SELECT code, kpi_no FROM indicators WHERE kpi_no = 5")
	if code != 0 || out != "| code | kpi_no |\n| --- | --- |\n| KPI5_INNOVATING_ENT_SHARE | 5 |\n" {
		t.Errorf("md: exit %d %q %s", code, out, errOut)
	}
	// A query from a file, with typed parameters.
	q := filepath.Join(dir, "q.sql")
	os.WriteFile(q, []byte("-- tasks due in a year\nSELECT count(*) AS n FROM plan_tasks WHERE year(due_end) = $year AND lead_agency = $lead;\n"), 0o644)
	code, out, errOut = chitieu(t, "", "sql", "--db", db, "--format", "csv", "-f", q, "--param", "year=2022", "--param", "lead=SKHCN")
	var want string
	{
		_, w, _ := chitieu(t, "", "sql", "--db", db, "--format", "csv",
			"SELECT count(*) AS n FROM plan_tasks WHERE year(due_end) = 2022 AND lead_agency = 'SKHCN'")
		want = w
	}
	if code != 0 || out != want || !strings.HasPrefix(out, "n\n") {
		t.Errorf("-f with params: exit %d %q, want %q %s", code, out, want, errOut)
	}
	if code, _, errOut = chitieu(t, "", "sql", "--db", db, "-f", q, "--param", "year"); code != 2 || !strings.Contains(errOut, "name=value") {
		t.Errorf("bad --param: exit %d %s", code, errOut)
	}
	// Bad SQL: the message points at the place.
	os.WriteFile(q, []byte("SELECT kpi_code\nFROM kpi_statuss\n"), 0o644)
	code, _, errOut = chitieu(t, "", "sql", "--db", db, "-f", q)
	if code != 1 || !strings.Contains(errOut, q+":") || !strings.Contains(errOut, "LINE 2:") || !strings.Contains(errOut, "^") {
		t.Errorf("bad SQL from a file: exit %d\n%s", code, errOut)
	}
	code, _, errOut = chitieu(t, "", "sql", "--db", db, "SELECT 1 +")
	if code != 1 || !strings.Contains(errOut, "LINE 1: SELECT 1 +") || !strings.Contains(errOut, "^") {
		t.Errorf("truncated SQL: exit %d\n%s", code, errOut)
	}
	// Read-only by default; --write allows changes.
	code, _, errOut = chitieu(t, "", "sql", "--db", db, "UPDATE indicators SET definition = 'x' WHERE code = 'EMPLOYED'")
	if code != 1 || !strings.Contains(errOut, "--write") {
		t.Errorf("write without --write: exit %d %s", code, errOut)
	}
	code, _, errOut = chitieu(t, "", "sql", "--db", db, "--write", "CREATE TABLE analyst_notes AS SELECT 1 AS x")
	if code != 0 {
		t.Errorf("--write: exit %d %s", code, errOut)
	}
	if code, out, _ = chitieu(t, "", "sql", "--db", db, "--format", "csv", "SELECT x FROM analyst_notes"); out != "x\n1\n" {
		t.Errorf("--write did not write: %d %q", code, out)
	}
	if code, _, errOut = chitieu(t, "", "sql", "--db", filepath.Join(dir, "typo.duckdb"), "--write", "SELECT 1"); code != 1 || !strings.Contains(errOut, "typo.duckdb") {
		t.Errorf("--write on a missing file: exit %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "typo.duckdb")); err == nil {
		t.Error("--write created a warehouse for a mistyped --db")
	}
	// The example queries: listed with their description, and runnable.
	code, out, _ = chitieu(t, "", "sql", "--list")
	for _, name := range []string{"kpi_trend", "gap_to_target", "sources_vintages", "kpi_inputs"} {
		if !strings.Contains(out, name+" ") {
			t.Errorf("--list lacks %s:\n%s", name, out)
		}
	}
	if !strings.Contains(out, "Gap to target:") {
		t.Errorf("--list does not describe the queries:\n%s", out)
	}
	code, out, errOut = chitieu(t, "", "sql", "--db", db, "--run", "gap_to_target", "--format", "csv")
	// A header and the eight KPI targets (KPI 2 from published GRDP growth
	// and NSO employment; the ranks with a value, not judged).
	if code != 0 || strings.Count(out, "\n") != 9 || !strings.Contains(out, "KPI7B_PATENT_GROWTH_RANK") {
		t.Errorf("--run gap_to_target: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut = chitieu(t, "", "sql", "--db", db, "--run", "nope"); code != 2 || !strings.Contains(errOut, "--list") {
		t.Errorf("--run unknown: exit %d %s", code, errOut)
	}
	if code, _, errOut = chitieu(t, "", "sql", "--db", db, "--run", "kpi_trend", "SELECT 1"); code != 2 {
		t.Errorf("two queries: exit %d %s", code, errOut)
	}
}

func TestReportCommand(t *testing.T) {
	db := sampleDB(t)
	dir := t.TempDir()
	for _, tt := range []struct{ file, format string }{
		{"tong-ket.xlsx", ""}, {"tong-ket.html", ""}, {"tong-ket.md", ""}, {"report.out", "html"},
	} {
		out := filepath.Join(dir, tt.file)
		args := []string{"report", "--db", db, "--review", "final-2025", "--out", out}
		if tt.format != "" {
			args = append(args, "--format", tt.format)
		}
		code, stdout, errOut := chitieu(t, "", args...)
		if code != 0 || !strings.Contains(stdout, "wrote "+out) || !strings.Contains(stdout, "SAMPLE DATA") {
			t.Fatalf("%v: exit %d\n%s%s", args, code, stdout, errOut)
		}
		if errOut != "" && strings.Contains(errOut, "\r") {
			t.Errorf("progress drawn on a non-terminal: %q", errOut)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(tt.file, ".xlsx"):
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(f.GetSheetList()); n != 11 {
				t.Errorf("xlsx has %d sheets, want summary + 8 KPIs + tasks + sources", n)
			}
			f.Close()
		case tt.format == "html" || strings.HasSuffix(tt.file, ".html"):
			if !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) || bytes.Count(b, []byte(`<svg class="chart"`)) != 8 {
				t.Errorf("%s is not the HTML report", out)
			}
		default:
			if !bytes.HasPrefix(b, []byte("# Tổng kết")) {
				t.Errorf("%s is not the Markdown report: %.60q", out, b)
			}
			// The sample reports' task sheets: reported status, document,
			// disbursed against the plan, and the overdue tasks listed.
			for _, want := range []string{
				"| 18 | Đề án hình thành Trung tâm Đổi mới sáng tạo và khởi nghiệp Hà Nội | Sở Kế hoạch và Đầu tư | Quý I/2022 | Có / yes | Hoàn thành / completed | 25/11/2024 · 5678/QĐ-UBND (20/09/2022) | 4,5/4,9 |",
				"### Nhiệm vụ quá hạn / Overdue tasks (28)",
				"- 6. Đề án thiết lập Sàn giao dịch công nghệ thành phố Hà Nội — SKHCN, hạn / due Quý III/2021: Đang triển khai / under way",
			} {
				if !bytes.Contains(b, []byte(want)) {
					t.Errorf("%s lacks %q", out, want)
				}
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// Markdown to standard output; the mid-term review shows 2020–2023.
	code, out, _ := chitieu(t, "", "report", "--db", db, "--review", "midterm-2023", "--quiet")
	if code != 0 || !strings.Contains(out, "| 2023 |") || strings.Contains(out, "| 2024 |") || !strings.Contains(out, "31/12/2023") {
		t.Errorf("midterm md: exit %d\n%.400s", code, out)
	}
	// --as-of moves the review's date.
	code, out, _ = chitieu(t, "", "report", "--db", db, "--review", "midterm-2023", "--as-of", "2024-12-01", "--format", "md")
	if code != 0 || !strings.Contains(out, "01/12/2024") || !strings.Contains(out, "[^3]:") {
		t.Errorf("--as-of: exit %d\n%.400s", code, out)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "--db", db}, "--review is required"},
		{[]string{"report", "--db", db, "--review", "midterm-2024"}, "unknown review"},
		{[]string{"report", "--db", db, "--review", "final-2025", "--format", "pdf"}, `unknown format "pdf"`},
		{[]string{"report", "--db", db, "--review", "final-2025", "--format", "xlsx"}, "needs --out"},
		{[]string{"report", "--db", db, "--review", "final-2025", "--as-of", "2024"}, "YYYY-MM-DD"},
	} {
		code, _, errOut := chitieu(t, "", tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d %s", tt.args, code, errOut)
		}
	}
}

func TestExportCommand(t *testing.T) {
	db := sampleDB(t)
	out := filepath.Join(t.TempDir(), "export")
	code, stdout, errOut := chitieu(t, "", "export", "--db", db, "--out", out)
	if code != 0 || !strings.Contains(stdout, "exported 9 tables") {
		t.Fatalf("export: exit %d\n%s%s", code, stdout, errOut)
	}
	var m struct {
		Format string
		Tables []struct {
			Name  string
			Rows  int64
			Files []struct{ Path string }
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	_, n, _ := chitieu(t, "", "sql", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM observations")
	if m.Format != "parquet" || len(m.Tables) != 9 || m.Tables[0].Name != "observations" || "n\n"+itoa64(m.Tables[0].Rows)+"\n" != n {
		t.Errorf("manifest: %s %d rows; the warehouse has %q", m.Format, m.Tables[0].Rows, n)
	}
	if code, _, errOut = chitieu(t, "", "export", "--db", db, "--out", out); code != 1 || !strings.Contains(errOut, "not empty") {
		t.Errorf("export over an export: exit %d %s", code, errOut)
	}
	if code, _, errOut = chitieu(t, "", "export", "--db", db, "--out", out+"2", "--format", "orc"); code != 2 {
		t.Errorf("--format orc: exit %d %s", code, errOut)
	}
	if code, _, _ = chitieu(t, "", "export", "--db", db); code != 2 {
		t.Errorf("no --out: exit %d", code)
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func TestProgress(t *testing.T) {
	// Not a terminal: nothing is drawn.
	var buf bytes.Buffer
	p := newProgress(&env{stderr: &buf}, false)
	p.Start("loading", 3)
	p.Set(2)
	p.Finish()
	if buf.Len() != 0 {
		t.Errorf("progress wrote to a non-terminal: %q", buf.String())
	}
	// On a terminal: a bar with the count, then the line is cleared.
	p = &progress{w: &buf, on: true}
	p.Start("loading", 4)
	p.Set(2)
	p.Finish()
	s := buf.String()
	if !strings.Contains(s, "loading [") || !strings.Contains(s, "2/4") || !strings.HasSuffix(s, "\r\033[K") {
		t.Errorf("progress drew %q", s)
	}
	buf.Reset()
	p.Start("writing", 0)
	p.Finish()
	if !strings.Contains(buf.String(), "writing |") {
		t.Errorf("spinner drew %q", buf.String())
	}
	// Step changes the label and count of a running bar; log lines written
	// through Wrap clear the bar first and redraw it after.
	buf.Reset()
	p.Step("fetching a", 0, 2)
	p.Step("fetching b", 1, 2)
	fmt.Fprint(p.Wrap(&buf), "level=INFO msg=read\n")
	p.Finish()
	s = buf.String()
	if !strings.Contains(s, "fetching a [") || !strings.Contains(s, "fetching b [") || !strings.Contains(s, "1/2") ||
		!strings.Contains(s, "\r\033[Klevel=INFO msg=read\n\r\033[Kfetching b") {
		t.Errorf("steps drew %q", s)
	}
	var nilBar *progress
	nilBar.Start("x", 1) // a nil bar is a no-op
	nilBar.Step("x", 0, 1)
	if w := (&progress{w: &buf}).Wrap(&buf); w != &buf {
		t.Error("Wrap changed the writer of a bar that is off")
	}
}
