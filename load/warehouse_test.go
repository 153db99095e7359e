package load_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/transform"
)

// mustOpenWarehouse opens a real warehouse file in a temporary directory,
// closed when the test ends.
func mustOpenWarehouse(tb testing.TB, path string) *load.Warehouse {
	tb.Helper()
	if path == "" {
		path = filepath.Join(tb.TempDir(), "w.duckdb")
	}
	w, err := load.Open(context.Background(), path, load.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { w.Close() })
	return w
}

func count(t *testing.T, w *load.Warehouse, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := w.DB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestReferenceData(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	for q, want := range map[string]int64{
		"SELECT count(DISTINCT kpi_no) FROM indicators WHERE role = 'kpi'": 7,
		"SELECT count(*) FROM plan_tasks":                                  35,
		"SELECT count(*) FROM targets":                                     8,
		"SELECT count(*) FROM plan_tasks WHERE already_issued":             5,
		"SELECT count(*) FROM plan_tasks WHERE budget_bn_vnd IS NULL":      4,
		// every agency a task or target names exists
		"SELECT count(*) FROM (SELECT unnest(coordinating_agencies) a FROM plan_tasks UNION SELECT lead_agency FROM plan_tasks) x WHERE a NOT IN (SELECT code FROM agencies)": 0,
	} {
		if got := count(t, w, q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	for no, want := range map[int]float64{8: 8910, 18: 4.9, 22: 3000} {
		var got float64
		if err := w.DB().QueryRow("SELECT budget_bn_vnd FROM plan_tasks WHERE task_no = ?", no).Scan(&got); err != nil || got != want {
			t.Errorf("task %d budget = %v (%v), want %v", no, got, err, want)
		}
	}
	var start, end time.Time
	if err := w.DB().QueryRow("SELECT due_start, due_end FROM plan_tasks WHERE task_no = 5").Scan(&start, &end); err != nil {
		t.Fatal(err)
	}
	if start.Format(time.DateOnly) != "2021-07-01" || end.Format(time.DateOnly) != "2021-09-30" {
		t.Errorf("task 5 due %v..%v, want Quý III/2021", start, end)
	}
}

func TestMigrationsAndNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := load.Open(ctx, path, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.SchemaVersion(ctx)
	if err != nil || v < 1 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	// A reopen applies nothing twice.
	w.Close()
	w, err = load.Open(ctx, path, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, w, "SELECT count(*) FROM schema_migrations"); n != int64(v) {
		t.Errorf("%d migrations recorded after reopen, want %d", n, v)
	}
	// A file written by a newer chitieu is refused, read-only or not.
	if _, err := w.DB().Exec("INSERT INTO schema_migrations VALUES (999, 'future', now(), 'v99')"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	for _, ro := range []bool{false, true} {
		_, err := load.Open(ctx, path, load.Options{ReadOnly: ro})
		if !errors.Is(err, load.ErrNewerSchema) {
			t.Errorf("read-only=%v: open newer file: %v, want ErrNewerSchema", ro, err)
		}
	}
}

func TestReadOnlyMissingFile(t *testing.T) {
	_, err := load.Open(context.Background(), filepath.Join(t.TempDir(), "none.duckdb"), load.Options{ReadOnly: true})
	if err == nil {
		t.Fatal("opened a missing warehouse read-only")
	}
}

func reportPayload(t *testing.T, name string, rows []excel.ReportRow) extract.Payload {
	t.Helper()
	var buf bytes.Buffer
	err := excel.WriteReport(&buf, excel.Report{Agency: "Sở Khoa học và Công nghệ", Date: time.Date(2024, 11, 25, 0, 0, 0, 0, time.UTC),
		Periods: []string{"2022", "2023"}, Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	return extract.NewPayload(name, name+".xlsx", buf.Bytes(), time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC))
}

func stage(t *testing.T, w *load.Warehouse, run *load.Run, p extract.Payload) *load.Staged {
	t.Helper()
	dec, err := extract.Detect(p)
	if err != nil {
		t.Fatal(err)
	}
	s := transform.Start(context.Background(), dec, p, transform.Config{Ref: w.Reference()})
	defer s.Release()
	st, _ := run.Stage(context.Background(), p, dec.Name(), s)
	return st
}

// TestNoStagingViewLeft is the RegisterView trap: after a load and a
// reopen, no Arrow view may remain, and every user view must be selectable.
func TestNoStagingViewLeft(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := load.Open(ctx, path, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run, err := w.BeginRun(ctx, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	st := stage(t, w, run, reportPayload(t, "r", []excel.ReportRow{{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: []any{44.0, 47.0}}}))
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	sum, err := run.Commit(ctx)
	if err != nil || sum.New != 2 {
		t.Fatalf("commit: %+v, %v", sum, err)
	}
	w.Close()

	w = mustOpenWarehouse(t, path)
	if n := count(t, w, "SELECT count(*) FROM duckdb_views() WHERE NOT internal AND view_name LIKE 'chitieu_arrow_%'"); n != 0 {
		t.Fatalf("%d staging views left in the file", n)
	}
	rows, err := w.DB().Query("SELECT view_name FROM duckdb_views() WHERE NOT internal")
	if err != nil {
		t.Fatal(err)
	}
	var views []string
	for rows.Next() {
		var v string
		rows.Scan(&v)
		views = append(views, v)
	}
	rows.Close()
	if len(views) < 4 {
		t.Fatalf("views %v", views)
	}
	for _, v := range views {
		if _, err := w.DB().Exec(`SELECT * FROM "` + v + `" LIMIT 1`); err != nil {
			t.Errorf("select from view %s: %v", v, err)
		}
	}
	if n := count(t, w, "SELECT count(*) FROM observations"); n != 2 {
		t.Errorf("%d observations after reopen, want 2", n)
	}
}

// TestFailedStreamKeepsNothing: a payload whose decoder fails midway is
// recorded as failed and none of its rows are loaded, while another payload
// of the same run still loads.
func TestFailedStreamKeepsNothing(t *testing.T) {
	ctx := context.Background()
	w := mustOpenWarehouse(t, "")
	run, err := w.BeginRun(ctx, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	good := stage(t, w, run, reportPayload(t, "good", []excel.ReportRow{{Code: "KPI6_OCOP_IP_SHARE", Unit: "%", Values: []any{27.0, 35.0}}}))
	bad := extract.NewPayload("bad", "bad.bin", []byte("x"), time.Now())
	s := transform.Start(ctx, failingDecoder{after: 3}, bad, transform.Config{Ref: w.Reference(), BatchSize: 2})
	st, err := run.Stage(ctx, bad, "failing", s)
	s.Release()
	if err == nil || st.Status != "failed" || !errors.Is(err, errHalfway) {
		t.Fatalf("stage of a failing stream: %+v, %v", st, err)
	}
	sum, err := run.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Status != "partial" || good.Status != "loaded" {
		t.Errorf("status %s / %s, want partial / loaded", sum.Status, good.Status)
	}
	if n := count(t, w, "SELECT count(*) FROM observations WHERE source_name = 'bad'"); n != 0 {
		t.Errorf("%d rows of the failed payload loaded", n)
	}
	if n := count(t, w, "SELECT count(*) FROM observations WHERE source_name = 'good'"); n != 2 {
		t.Errorf("%d rows of the good payload, want 2", n)
	}
	if n := count(t, w, "SELECT count(*) FROM sources WHERE status = 'failed' AND error LIKE '%halfway%'"); n != 1 {
		t.Errorf("failed payload not recorded with its error")
	}
}

var errHalfway = errors.New("disk read failed halfway")

type failingDecoder struct{ after int }

func (failingDecoder) Name() string      { return "failing" }
func (failingDecoder) Sniff([]byte) bool { return false }
func (d failingDecoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	out.Describe(extract.Info{DefaultGeo: "01"})
	for i := 0; i < d.after; i++ {
		if err := out.Row(extract.RawRow{Series: "S", Period: "20" + string(rune('1'+i)) + "0", Value: "1"}); err != nil {
			return err
		}
	}
	return errHalfway
}

// TestDuplicatesInPayload: a payload that gives the same series, place and
// period twice loads the first and rejects the second, naming where the
// first is; rows in = loaded + rejected still holds.
func TestDuplicatesInPayload(t *testing.T) {
	ctx := context.Background()
	w := mustOpenWarehouse(t, "")
	run, err := w.BeginRun(ctx, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	st := stage(t, w, run, reportPayload(t, "dup", []excel.ReportRow{
		{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: []any{44.0, 47.0}},
		{Code: "KPI6_OCOP_IP_SHARE", Unit: "%", Values: []any{27.0, 35.0}},
		{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: []any{45.0, nil}},
	}))
	if st.Err != nil {
		t.Fatal(st.Err)
	}
	if st.Stats.Read != 5 || st.Stats.Accepted != 4 || st.Stats.Rejected != 1 {
		t.Fatalf("stats %+v, want 5 read = 4 accepted + 1 rejected", st.Stats)
	}
	sum, err := run.Commit(ctx)
	if err != nil || sum.Read != sum.Loaded+sum.Rejected || sum.Rejected != 1 {
		t.Fatalf("commit: %+v, %v", sum, err)
	}
	var kept float64
	var origin, reason, rawValue string
	if err := w.DB().QueryRow(`SELECT value, origin FROM observations
		WHERE indicator_code = 'KPI5_INNOVATING_ENT_SHARE' AND year(period_start) = 2022`).Scan(&kept, &origin); err != nil {
		t.Fatal(err)
	}
	if err := w.DB().QueryRow(`SELECT reason, raw_value FROM rejected_rows`).Scan(&reason, &rawValue); err != nil {
		t.Fatal(err)
	}
	want := "duplicate: series KPI5_INNOVATING_ENT_SHARE, geography 01, period 2022 appears earlier in this payload (" + origin + ")"
	if kept != 44 || rawValue != "45" || reason != want {
		t.Fatalf("kept %v; rejected %q: %q\nwant %q", kept, rawValue, reason, want)
	}
}

// TestOutOfMemoryHint: when DuckDB runs out of its memory limit, the error
// says which flag to raise and what the limit was, instead of DuckDB's own
// advice (SET statements a chitieu user cannot type).
func TestOutOfMemoryHint(t *testing.T) {
	ctx := context.Background()
	for _, limit := range []string{"256KB", "2MB"} {
		path := filepath.Join(t.TempDir(), "w.duckdb")
		_, err := load.Open(ctx, path, load.Options{MemoryLimit: limit, Threads: 1})
		if err == nil || !strings.Contains(err.Error(), "Out of Memory") {
			t.Fatalf("open within %s: %v, want DuckDB's out-of-memory error", limit, err)
		}
		if !strings.Contains(err.Error(), "larger --memory-limit") || !strings.Contains(err.Error(), "("+limit+")") {
			t.Errorf("open within %s: error without the hint: %v", limit, err)
		}
	}
}
