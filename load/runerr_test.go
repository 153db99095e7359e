package load

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform"
)

type fixedRows []extract.RawRow

func (fixedRows) Name() string      { return "rows" }
func (fixedRows) Sniff([]byte) bool { return false }
func (d fixedRows) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	out.Describe(extract.Info{DefaultGeo: "01"})
	for _, r := range d {
		if err := out.Row(r); err != nil {
			return err
		}
	}
	return nil
}

// TestRunErrorNamesTheStep: when a DuckDB statement fails inside a run, the
// run's error and etl_runs.message name the file, the step and DuckDB's
// error, not a clean-up that failed after it in the aborted transaction;
// and the optimiser setting the Arrow statements change (database-wide) is
// reset. The failures are made by swapping a table for one with a CHECK
// the load breaks, inside the run's transaction (rolled back with it).
func TestRunErrorNamesTheStep(t *testing.T) {
	cell := func(n int, v string) extract.RawRow {
		return extract.RawRow{Origin: extract.Origin{Sheet: "Data", Row: n, Column: "C"}, Series: "A", Period: "2020", Value: v}
	}
	for _, c := range []struct {
		name, table, check string
		rows               fixedRows
		want               string
	}{
		{"insert", "observations", "value < 0", fixedRows{cell(2, "1")}, "src.bin: insert observations: Constraint Error"},
		{"duplicates", "rejected_rows", "reason NOT LIKE 'duplicate%'", fixedRows{cell(2, "1"), cell(3, "2")}, "src.bin: find duplicate rows: Constraint Error"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			w, err := Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			run, err := w.BeginRun(ctx, "test", "")
			if err != nil {
				t.Fatal(err)
			}
			var cols string
			if err := run.conn.QueryRowContext(ctx, `SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_index)
				FROM duckdb_columns() WHERE table_name = ?`, c.table).Scan(&cols); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"DROP TABLE " + c.table, "CREATE TABLE " + c.table + " (" + cols + ", CHECK (" + c.check + "))"} {
				if _, err := run.conn.ExecContext(ctx, q); err != nil {
					t.Fatal(q, err)
				}
			}
			p := extract.NewPayload("src", "src.bin", []byte(c.name), time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
			s := transform.Start(ctx, c.rows, p, transform.Config{Ref: w.Reference()})
			_, stageErr := run.Stage(ctx, p, "rows", s)
			s.Release()
			_, err = run.Commit(ctx)
			var msg, setting string
			w.DB().QueryRow("SELECT message FROM etl_runs WHERE run_id = ?", run.ID).Scan(&msg)
			w.DB().QueryRow("SELECT current_setting('disabled_optimizers')").Scan(&setting)
			for what, got := range map[string]string{"Stage": errText(stageErr), "Commit": errText(err), "etl_runs.message": msg} {
				if !strings.Contains(got, c.want) {
					t.Errorf("%s: %q, want it to contain %q", what, got, c.want)
				}
			}
			if strings.Contains(setting, "unused_columns") {
				t.Errorf("disabled_optimizers left at %q", setting)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
