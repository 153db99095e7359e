package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hanoi-sti/chitieu/load"
)

func init() {
	commands["export"] = command{"export the warehouse as Hive-partitioned Parquet or CSV for other engines", exportCmd}
}

func exportCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("export", "--out DIR [flags]", `Writes the warehouse as files that Spark, Trino, pandas or another DuckDB can
read: observations, kpi_values and kpi_status partitioned Hive-style by
indicator and year (observations/indicator_code=GRDP_CONST/year=2024/…),
and the reference tables plans, indicators, kpi_formula_inputs, targets, plan_tasks and sources as one
file each. DIR/manifest.json lists every file with its row count, size and
SHA-256, the schema of each table, the warehouse and the export time.

DIR must not exist or be empty. The export is written beside it and moved
into place at the end, so a failed export leaves nothing behind.

Examples:
  chitieu export --out /data/chitieu-export
  chitieu export --format csv --out export-csv
  duckdb -c "SELECT * FROM read_parquet('/data/chitieu-export/observations/**/*.parquet', hive_partitioning = true)"`, e.stderr)
	db := dbFlag(fs)
	format := fs.String("format", "parquet", "parquet or csv")
	out := fs.String("out", "", "directory to write (required)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *out == "" {
		return usageError{"--out DIR is required"}
	}
	if !slices.Contains(load.ExportFormats, *format) {
		return usageError{fmt.Sprintf("unknown format %q (want %s)", *format, strings.Join(load.ExportFormats, ", "))}
	}
	w, err := openForReading(ctx, e, *db)
	if err != nil {
		return err
	}
	defer w.Close()
	bar := newProgress(e, *quiet)
	defer bar.Finish()
	started := false
	m, err := w.Export(ctx, load.ExportOptions{Format: *format, Dir: *out, Progress: func(table string, done, total int) {
		if !started {
			bar.Start("exporting", total)
			started = true
		}
		bar.Set(done)
	}})
	if err != nil {
		return err
	}
	bar.Finish()
	files, rows := 0, int64(0)
	for _, t := range m.Tables {
		files += len(t.Files)
		rows += t.Rows
		fmt.Fprintf(e.stdout, "  %-13s %7d rows in %3d files  %s\n", t.Name, t.Rows, len(t.Files), t.Path)
	}
	fmt.Fprintf(e.stdout, "exported %d tables, %d rows in %d %s files → %s (manifest.json)\n",
		len(m.Tables), rows, files, *format, filepath.Clean(*out))
	return nil
}
