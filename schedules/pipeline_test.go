package schedules_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
)

func openWarehouse(t *testing.T) *load.Warehouse {
	t.Helper()
	w, err := load.Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func writeReport(t *testing.T, dir, name string, rows []excel.ReportRow) string {
	t.Helper()
	var buf bytes.Buffer
	err := excel.WriteReport(&buf, excel.Report{Agency: "Sở Khoa học và Công nghệ", AgencyCode: "SKHCN",
		Date: time.Date(2024, 11, 25, 0, 0, 0, 0, time.UTC), Periods: []string{"2022", "2023", "2099"}, Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func scalar(t *testing.T, w *load.Warehouse, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := w.DB().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestBadCellsAreKept: good rows load, bad ones go to rejected_rows with
// the reason and the cell, and rows in = loaded + rejected.
func TestBadCellsAreKept(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	path := writeReport(t, t.TempDir(), "bad-cells.xlsx", []excel.ReportRow{
		{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: []any{44.0, "bốn mươi bảy", nil}}, // text in a number column
		{Code: "KPI9_NOT_IN_PLAN", Unit: "%", Values: []any{1.0, 2.0, nil}},                      // unknown indicator
		{Code: "KPI6_OCOP_IP_SHARE", Unit: "%", Values: []any{27.0, 35.0, 50.0}},                 // 2099: year out of range
		{Code: "KPI3_HITECH_AGRI_SHARE", Unit: "%", Values: []any{48.0, 170.0, nil}},             // outside 0–100
	})
	p := &schedules.Pipeline{Warehouse: w}
	sum, err := p.LoadFiles(ctx, []string{path}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 9 || sum.Loaded != 4 || sum.Rejected != 5 || sum.Read != sum.Loaded+sum.Rejected {
		t.Fatalf("read %d loaded %d rejected %d, want 9 = 4 + 5", sum.Read, sum.Loaded, sum.Rejected)
	}
	if got := scalar(t, w, "SELECT count(*) FROM observations"); got != 4 {
		t.Errorf("%d observations, want 4", got)
	}
	for _, c := range []struct{ cell, reason string }{
		{"F2", "is not a number"},
		{"E3", "unknown indicator code"},
		{"F3", "unknown indicator code"},
		{"G4", "year 2099 out of range"},
		{"F5", "outside the plausible range"},
	} {
		var reason, raw, file, sheet string
		err := w.DB().QueryRow(`SELECT reason, raw_value, file, sheet FROM rejected_rows WHERE col || row_no = ?`, c.cell).Scan(&reason, &raw, &file, &sheet)
		if err != nil {
			t.Errorf("cell %s not in rejected_rows: %v", c.cell, err)
			continue
		}
		if !strings.Contains(reason, c.reason) || file != path || sheet != "Số liệu" {
			t.Errorf("cell %s: reason %q raw %q file %q sheet %q; want reason containing %q", c.cell, reason, raw, file, sheet, c.reason)
		}
	}
}

func dataCounts(t *testing.T, w *load.Warehouse) string {
	t.Helper()
	var b strings.Builder
	for _, tbl := range []string{"observations", "rejected_rows", "series", "agencies", "plan_tasks"} {
		fmt.Fprintf(&b, "%s=%d ", tbl, scalar(t, w, "SELECT count(*) FROM "+tbl))
	}
	return b.String()
}

// TestNotAWorkbook: a truncated xlsx and an HTML page saved as .xlsx fail
// with a message naming the file, and the warehouse's data is unchanged; the
// run history says what happened.
func TestNotAWorkbook(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	dir := t.TempDir()
	good := writeReport(t, dir, "good.xlsx", []excel.ReportRow{{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: []any{44.0, 47.0}}})
	p := &schedules.Pipeline{Warehouse: w}
	if _, err := p.LoadFiles(ctx, []string{good}, "", false); err != nil {
		t.Fatal(err)
	}
	before := dataCounts(t, w)

	body, _ := os.ReadFile(good)
	truncated := filepath.Join(dir, "truncated.xlsx")
	os.WriteFile(truncated, body[:len(body)/2], 0o644)
	html := filepath.Join(dir, "login.xlsx")
	os.WriteFile(html, []byte("<!DOCTYPE html><html><body><form>Đăng nhập</form></body></html>"), 0o644)

	for _, f := range []string{truncated, html} {
		sum, err := p.LoadFiles(ctx, []string{f}, "", false)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Status != "failed" || sum.Sources[0].Err == nil || !strings.Contains(sum.Sources[0].Err.Error(), f) {
			t.Errorf("%s: status %s, error %v; want failed naming the file", f, sum.Status, sum.Sources[0].Err)
		}
		if after := dataCounts(t, w); after != before {
			t.Errorf("%s changed the warehouse: %s → %s", f, before, after)
		}
		var msg string
		if err := w.DB().QueryRow("SELECT message FROM etl_runs WHERE run_id = ? AND status = 'failed'", sum.RunID).Scan(&msg); err != nil || !strings.Contains(msg, f) {
			t.Errorf("run history for %s: %q, %v", f, msg, err)
		}
	}
}

// TestRunTwiceLoadsNothingTwice runs the bundled sources twice.
func TestRunTwiceLoadsNothingTwice(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	cfg, err := schedules.LoadConfig("sources.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := &schedules.Pipeline{Warehouse: w, Landing: nil}
	first, err := p.Run(ctx, cfg, cfg.Sources, "test", "")
	if err != nil || first.Status != "succeeded" || first.New == 0 || first.New != first.Loaded {
		t.Fatalf("first run: %+v, %v", first, err)
	}
	// 980 values of the two NSO tables, 33 published figures, 95 values
	// and 11 task rows (7 SKHCN, 2 SKHDT, 2 SNNPTNT) of the three sample
	// agency reports and 523 of the seven other sample sources
	// (samples_test.go), every one of them loadable.
	if len(cfg.Sources) != 13 || first.Read != 1642 || first.Loaded != 1642 || first.Rejected != 0 {
		t.Errorf("first run: %d sources, read %d = loaded %d + rejected %d; want 13 sources, 1642 = 1642 + 0",
			len(cfg.Sources), first.Read, first.Loaded, first.Rejected)
	}
	second, err := p.Run(ctx, cfg, cfg.Sources, "test", "")
	if err != nil || second.New != 0 || second.SourcesUnchanged != len(cfg.Sources) {
		t.Fatalf("second run: new %d, unchanged %d of %d, %v", second.New, second.SourcesUnchanged, len(cfg.Sources), err)
	}
	if n := scalar(t, w, "SELECT (SELECT count(*) FROM observations) + (SELECT count(*) FROM task_progress)"); n != first.New {
		t.Errorf("%d observations and task rows after two runs, want %d", n, first.New)
	}
	// The same values in a different file (new bytes, same content) add nothing either.
	body, _ := os.ReadFile("../testdata/sample/bao-cao-snnptnt-2024.xlsx")
	copyPath := filepath.Join(t.TempDir(), "copy.xlsx")
	os.WriteFile(copyPath, append(body, 0), 0o644) // one trailing byte changes the hash, not the workbook
	third, err := p.LoadFiles(ctx, []string{copyPath}, "snnptnt-report", true)
	if err != nil || third.Status != "succeeded" || third.New != 0 || third.Loaded != 7 { // 5 values, 2 task rows
		t.Fatalf("same content, new bytes: %+v, %v", third, err)
	}
	// Real sources say what they are; everything else is sample data.
	if n := scalar(t, w, `SELECT count(*) FROM sources WHERE NOT is_sample AND source_name NOT IN
		('nso-e02-45-employed', 'nso-e02-58-labour-productivity', 'published-figures')`); n != 0 {
		t.Errorf("%d sources neither real nor marked as sample", n)
	}
	if n := scalar(t, w, `SELECT count(*) FROM sources WHERE status = 'loaded' AND
		evidence <> CASE WHEN is_sample THEN 'sample' WHEN source_name = 'published-figures' THEN 'published' ELSE 'official' END`); n != 0 {
		t.Errorf("%d sources with the wrong evidence", n)
	}
	// Eight KPI targets, each with a 2024 value; the sample data cover
	// 2020–2024. The two ranks are among the 7 sample provinces only, not a
	// national rank, so they are kept and not judged.
	if n := scalar(t, w, "SELECT count(DISTINCT kpi_code) FROM kpi_status WHERE year = 2024 AND (actual IS NOT NULL OR year_value IS NOT NULL)"); n != 8 {
		t.Errorf("%d KPIs with a 2024 value, want 8", n)
	}
	if n := scalar(t, w, "SELECT count(DISTINCT kpi_code) FROM kpi_status WHERE year = 2024 AND status <> 'no_data'"); n != 6 {
		t.Errorf("%d KPIs with a 2024 status, want 6 (the ranks cover 7 of 63 provinces)", n)
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"unknown key": "[[source]]\nname = \"a\"\npath = \"x\"\npaht = \"y\"\n",
		"no name":     "[[source]]\npath = \"x\"\n",
		"both":        "[[source]]\nname = \"a\"\npath = \"x\"\nurl = \"http://x\"\n",
		"twice":       "[[source]]\nname = \"a\"\npath = \"x\"\n[[source]]\nname = \"a\"\npath = \"y\"\n",
		"bad scheme":  "[[source]]\nname = \"a\"\npath = \"x\"\ngeo_scheme = \"gso-codes\"\n",
	} {
		f := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".toml")
		os.WriteFile(f, []byte(body), 0o644)
		if _, err := schedules.LoadConfig(f); err == nil || !strings.Contains(err.Error(), f) {
			t.Errorf("%s: error %v, want one naming %s", name, err, f)
		}
	}
}

// TestDeclaredGeoScheme: the same bare code is Hà Nội in a source that
// declares GSO's scheme, and is kept as the source's own code in one that
// declares nothing (it might be Stockholm county).
func TestDeclaredGeoScheme(t *testing.T) {
	dir := t.TempDir()
	// Two files: a payload whose bytes were loaded before is skipped.
	for i, name := range []string{"a.csv", "b.csv"} {
		csv := fmt.Sprintf("Chỉ tiêu,Địa bàn,Năm,Giá trị\nPOP,01,2023,%d\n", 8500+i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(dir, "sources.toml")
	body := "[[source]]\nname = \"declared\"\npath = \"a.csv\"\ngeo_scheme = \"gso\"\n" +
		"[[source]]\nname = \"undeclared\"\npath = \"b.csv\"\n"
	if err := os.WriteFile(conf, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := schedules.LoadConfig(conf)
	if err != nil {
		t.Fatal(err)
	}
	w := openWarehouse(t)
	p := &schedules.Pipeline{Warehouse: w}
	if sum, err := p.Run(context.Background(), cfg, cfg.Sources, "test", ""); err != nil || sum.Status != "succeeded" {
		t.Fatalf("run: %+v, %v", sum, err)
	}
	for src, want := range map[string]string{"declared": "01", "undeclared": "undeclared:01"} {
		if n := scalar(t, w, `SELECT count(*) FROM observations WHERE source_name = ? AND geo_code = ?`, src, want); n != 1 {
			t.Errorf("%s: %d rows on %q, want 1", src, n, want)
		}
	}
}
