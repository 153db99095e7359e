package load_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/transform"
)

// rowsDecoder hands over fixed rows; late, if set, is described only after
// the rows, as a decoder that finds the publication date at the end of its
// file would.
type rowsDecoder struct {
	rows []extract.RawRow
	late *extract.Info
}

func (rowsDecoder) Name() string      { return "rows" }
func (rowsDecoder) Sniff([]byte) bool { return false }
func (d rowsDecoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	out.Describe(extract.Info{DefaultGeo: "01"})
	for _, r := range d.rows {
		if err := out.Row(r); err != nil {
			return err
		}
	}
	if d.late != nil {
		out.Describe(*d.late)
	}
	return nil
}

// loadRows loads rows as one payload of source in a run of its own, the
// normaliser cutting batches of batch rows.
func loadRows(t *testing.T, w *load.Warehouse, source string, dec rowsDecoder, batch int) (*load.Staged, *load.Summary) {
	t.Helper()
	ctx := context.Background()
	run, err := w.BeginRun(ctx, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	p := extract.NewPayload(source, source+".bin", []byte(fmt.Sprint(dec.rows)), time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	s := transform.Start(ctx, dec, p, transform.Config{Ref: w.Reference(), BatchSize: batch})
	st, err := run.Stage(ctx, p, dec.Name(), s)
	s.Release()
	if err != nil {
		t.Fatalf("stage: %v", err)
	}
	sum, err := run.Commit(ctx)
	if err != nil {
		t.Fatalf("commit: %v", err)
	}
	return st, sum
}

func cell(n int, series, period, value string) extract.RawRow {
	return extract.RawRow{Origin: extract.Origin{Sheet: "Data", Row: n, Column: "C"}, Series: series, Period: period, Value: value}
}

// TestRejectedRowsAcrossBatches: rejected rows scattered over several
// batches reach rejected_rows with every raw cell as read, while the
// accepted rows of the same batches reach observations. The rejected rows
// are read back from the loader's spill file through a second Arrow view
// that uses only some of the canonical columns: without the loader's guard
// against duckdb-go's projection bug (Run.copyArrow) DuckDB reads other
// columns in their place, and this test crashed with SIGSEGV.
func TestRejectedRowsAcrossBatches(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	rows := []extract.RawRow{
		cell(2, "A", "2020", "1"),
		cell(3, "A", "2021", "abc"),
		cell(4, "A", "2022", "3"),
		cell(5, "A", "năm ngoái", "4"),
		cell(6, "B", "2020", "5"),
		cell(7, "B", "2021", "6"),
		cell(8, "", "2022", "7"),
	}
	st, sum := loadRows(t, w, "mixed", rowsDecoder{rows: rows}, 2)
	if st.Stats.Read != 7 || st.Stats.Accepted != 4 || st.Stats.Rejected != 3 || sum.New != 4 {
		t.Fatalf("stats %+v, new %d; want 7 read = 4 accepted + 3 rejected, 4 new", st.Stats, sum.New)
	}
	got := queryStrings(t, w, `SELECT concat_ws('|', sheet, row_no, col, raw_series, raw_period, raw_value, reason)
		FROM rejected_rows ORDER BY row_no`)
	want := []string{
		`Data|3|C|A|2021|abc|value "abc" is not a number`,
		`Data|5|C|A|năm ngoái|4|unrecognised period "năm ngoái"`,
		`Data|8|C|2022|7|no series code or label`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rejected rows\n got %q\nwant %q", got, want)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(w.Path()), ".chitieu-rejected-*")); len(left) > 0 {
		t.Errorf("spill files left beside the warehouse: %v", left)
	}
	obs := queryStrings(t, w, `SELECT series_id || ' ' || year(period_start) || '=' || value || ' ' || origin FROM observations ORDER BY origin`)
	wantObs := []string{"mixed/A 2020=1.0 [Data] C2", "mixed/A 2022=3.0 [Data] C4", "mixed/B 2020=5.0 [Data] C6", "mixed/B 2021=6.0 [Data] C7"}
	if fmt.Sprint(obs) != fmt.Sprint(wantObs) {
		t.Errorf("observations\n got %q\nwant %q", obs, wantObs)
	}
}

// TestDuplicateOfUnchangedValue: a payload that repeats a series, place and
// period is rejected in its later row even when its first row says what the
// warehouse already holds. Comparing with the warehouse first would have
// skipped the first row as unchanged and loaded the second as a revision:
// the file would have contradicted itself and the later row won.
func TestDuplicateOfUnchangedValue(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	loadRows(t, w, "src", rowsDecoder{rows: []extract.RawRow{cell(2, "A", "2020", "1"), cell(3, "A", "2021", "2")}}, 0)
	st, sum := loadRows(t, w, "src", rowsDecoder{rows: []extract.RawRow{
		cell(2, "A", "2020", "1"),   // unchanged
		cell(3, "A", "2020", "9"),   // contradicts row 2
		cell(4, "A", "2021", "2.5"), // a revision
	}}, 0)
	if st.Stats.Read != 3 || st.Stats.Accepted != 2 || st.Stats.Rejected != 1 || sum.New != 1 || st.RowsNew != 1 {
		t.Fatalf("stats %+v, new %d; want 3 read = 2 accepted + 1 rejected, 1 new", st.Stats, sum.New)
	}
	got := queryStrings(t, w, `SELECT year(period_start) || '=' || value FROM observations_as_of(now()::TIMESTAMP) ORDER BY 1`)
	if fmt.Sprint(got) != "[2020=1.0 2021=2.5]" {
		t.Errorf("newest values %v, want [2020=1.0 2021=2.5]", got)
	}
	reason := queryStrings(t, w, `SELECT reason || ' / ' || locator || ' / ' || raw_value FROM rejected_rows`)
	want := "duplicate: series A, geography 01, period 2020 appears earlier in this payload ([Data] C2) / [Data] C3 / 9"
	if len(reason) != 1 || reason[0] != want {
		t.Errorf("rejected %q\nwant %q", reason, want)
	}
	if n := count(t, w, `SELECT count(*) FROM observations`); n != 3 {
		t.Errorf("%d observation rows, want 3 (two from the first load, one revision)", n)
	}
}

// TestLateVintage: a decoder that states the publication date only after
// its rows still gets it onto every row of the payload and into sources.
func TestLateVintage(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	published := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	rows := []extract.RawRow{cell(2, "A", "2020", "1"), cell(3, "A", "2021", "2"), cell(4, "A", "2022", "3")}
	loadRows(t, w, "late", rowsDecoder{rows: rows, late: &extract.Info{DefaultGeo: "01", Vintage: published}}, 1)
	if n := count(t, w, `SELECT count(*) FROM observations WHERE vintage = ?`, published); n != 3 {
		t.Errorf("%d of 3 rows have the late vintage", n)
	}
	if n := count(t, w, `SELECT count(*) FROM sources WHERE vintage = ?`, published); n != 1 {
		t.Errorf("the source's vintage is not the late one")
	}
}

// TestIdenticalPayloadTwiceInOneRun: the second copy of the same bytes in
// one run is recognised as unchanged, now that a payload's row in sources
// is written when it is loaded rather than at commit.
func TestIdenticalPayloadTwiceInOneRun(t *testing.T) {
	ctx := context.Background()
	w := mustOpenWarehouse(t, "")
	run, err := w.BeginRun(ctx, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	p := reportPayload(t, "r", []excel.ReportRow{{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: []any{44.0, 47.0}}})
	for i := range 2 {
		if earlier, seen, err := run.AlreadyLoaded(ctx, p.SHA256); err != nil {
			t.Fatal(err)
		} else if seen != (i == 1) {
			t.Fatalf("copy %d: seen %v (%s)", i+1, seen, earlier.From)
		} else if seen {
			run.Skip(ctx, p, earlier)
			continue
		}
		stage(t, w, run, p)
	}
	sum, err := run.Commit(ctx)
	if err != nil || sum.SourcesUnchanged != 1 || sum.Status != "succeeded" {
		t.Fatalf("commit: %+v, %v", sum, err)
	}
	if n := count(t, w, `SELECT count(*) FROM sources`); n != 2 {
		t.Errorf("%d sources rows, want 2 (loaded, unchanged)", n)
	}
	// The unchanged copy's vintage is the payload's own (its report date,
	// 2024-11-25), not the time it was fetched again (2024-12-01).
	if got := queryStrings(t, w, `SELECT status || ' ' || strftime(vintage, '%Y-%m-%d') FROM sources ORDER BY payload_id`); strings.Join(got, ", ") != "loaded 2024-11-25, unchanged 2024-11-25" {
		t.Errorf("vintages %q, want the report date for both", got)
	}
}

func queryStrings(t *testing.T, w *load.Warehouse, query string) []string {
	t.Helper()
	rows, err := w.DB().Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}
