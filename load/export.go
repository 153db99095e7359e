package load

// Export: the warehouse as files that Spark, Trino, pandas or another
// DuckDB can read without chitieu. DuckDB writes them itself (COPY … TO …
// with PARTITION_BY) using the parquet extension bundled in duckdb-go; no
// extension is installed or loaded at run time, because the servers that run
// this are often air-gapped.
//
// The fact tables are Hive-partitioned (indicator_code=…/year=…/), so a
// reader that wants one KPI or one year opens only those files. The export
// is written to a temporary directory beside the target and renamed into
// place at the end, so a failed or killed export leaves no half-written
// directory that a downstream job could mistake for a complete one. The
// manifest lists every file with its row count (read back from the file),
// size and SHA-256, so a receiver can check what arrived.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	sqlfiles "github.com/hanoi-sti/chitieu/sql"
)

// ExportFormats are the formats Export writes.
var ExportFormats = []string{"parquet", "csv"}

// ExportOptions say what to export where.
type ExportOptions struct {
	Format string // parquet (default) or csv
	Dir    string // created; must not exist or be empty
	// Progress, if set, is called before each table is written and once at
	// the end (done == total).
	Progress func(table string, done, total int)
	Now      func() time.Time
}

// Manifest describes an export; it is written to DIR/manifest.json.
type Manifest struct {
	Format         string        `json:"format"`
	Warehouse      string        `json:"warehouse"`
	SchemaVersion  int           `json:"schema_version"`
	ChitieuVersion string        `json:"chitieu_version"`
	ExportedAt     time.Time     `json:"exported_at"`
	Tables         []ExportTable `json:"tables"`
}

// ExportTable is one exported table.
type ExportTable struct {
	Name        string         `json:"name"`
	Path        string         `json:"path"` // directory (partitioned) or file, relative to the export
	PartitionBy []string       `json:"partition_by,omitempty"`
	Rows        int64          `json:"rows"`
	Columns     []ExportColumn `json:"columns"`
	Files       []ExportFile   `json:"files"`
}

// ExportColumn is a column of an exported table, with the warehouse's type
// and description. Partition columns are in the directory names, not the files.
type ExportColumn struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Partition   bool   `json:"partition,omitempty"`
	Description string `json:"description,omitempty"`
}

// ExportFile is one file written.
type ExportFile struct {
	Path   string `json:"path"` // relative to the export, with forward slashes
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// exportSpec is one table to export: the SQL that selects it (a file in
// sql/load, or a whole reference table) and its partition columns.
type exportSpec struct {
	name      string
	query     string
	partition []string
}

func exportSpecs() []exportSpec {
	return []exportSpec{
		{"observations", sqlfiles.Load("export_observations"), []string{"indicator_code", "year"}},
		{"kpi_values", sqlfiles.Load("export_kpi_values"), []string{"kpi_code", "year"}},
		{"kpi_status", sqlfiles.Load("export_kpi_status"), []string{"kpi_code", "year"}},
		// Small reference tables, one file each, for joins on the reader's side.
		{"indicators", sqlfiles.Load("export_indicators"), nil},
		{"plans", sqlfiles.Load("export_plans"), nil},
		{"kpi_formula_inputs", sqlfiles.Load("export_kpi_formula_inputs"), nil},
		{"targets", sqlfiles.Load("export_targets"), nil},
		{"plan_tasks", sqlfiles.Load("export_plan_tasks"), nil},
		{"sources", sqlfiles.Load("export_sources"), nil},
	}
}

// Export writes the observations and KPI tables (Hive-partitioned by
// indicator and year) and the reference tables to opt.Dir, with a manifest.
func (w *Warehouse) Export(ctx context.Context, opt ExportOptions) (*Manifest, error) {
	if opt.Format == "" {
		opt.Format = "parquet"
	}
	if opt.Format != "parquet" && opt.Format != "csv" {
		return nil, fmt.Errorf("export format %q: want parquet or csv", opt.Format)
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	dir, err := filepath.Abs(opt.Dir)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := checkExportDir(dir); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".partial-*")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	version, err := w.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Format: opt.Format, Warehouse: w.absPath(), SchemaVersion: version, ChitieuVersion: Version,
		ExportedAt: now().UTC().Truncate(time.Second)}

	// One connection and one transaction: every table comes from the same
	// snapshot of the warehouse.
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer tx.Rollback()

	specs := exportSpecs()
	for i, s := range specs {
		if opt.Progress != nil {
			opt.Progress(s.name, i, len(specs))
		}
		t, err := exportTable(ctx, tx, tmp, opt.Format, s)
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", s.name, err)
		}
		m.Tables = append(m.Tables, t)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "manifest.json"), append(b, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	os.Remove(dir) // an empty target directory (checkExportDir refused any other)
	if err := os.Rename(tmp, dir); err != nil {
		return nil, fmt.Errorf("export: move into place: %w", err)
	}
	done = true
	if opt.Progress != nil {
		opt.Progress("", len(specs), len(specs))
	}
	return m, nil
}

func (w *Warehouse) absPath() string {
	if p, err := filepath.Abs(w.path); err == nil {
		return p
	}
	return w.path
}

// checkExportDir refuses a target that holds anything: an export never
// mixes its files with older ones.
func checkExportDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("export to %s: %w", dir, err)
	case len(entries) > 0:
		return fmt.Errorf("export to %s: the directory is not empty; choose a new one", dir)
	}
	return nil
}

func exportTable(ctx context.Context, tx *sql.Tx, root, format string, s exportSpec) (ExportTable, error) {
	t := ExportTable{Name: s.name, PartitionBy: s.partition}
	cols, err := exportColumns(ctx, tx, s)
	if err != nil {
		return t, err
	}
	t.Columns = cols

	opts := []string{"FORMAT " + format}
	if format == "parquet" {
		opts = append(opts, "COMPRESSION zstd")
	} else {
		opts = append(opts, "HEADER true")
	}
	var target, glob string
	if len(s.partition) > 0 {
		t.Path = s.name
		target = filepath.Join(root, s.name)
		glob = filepath.Join(target, "**", "*."+format)
		opts = append(opts, "PARTITION_BY ("+strings.Join(s.partition, ", ")+")")
	} else {
		t.Path = s.name + "." + format
		target = filepath.Join(root, t.Path)
		glob = target
	}
	// COPY takes its target as a literal, not a parameter.
	copySQL := "COPY (" + strings.TrimRight(strings.TrimSpace(s.query), ";") + ") TO " + quoteLiteral(target) + " (" + strings.Join(opts, ", ") + ")"
	if _, err := tx.ExecContext(ctx, copySQL); err != nil {
		return t, err
	}
	var want int64
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM ("+strings.TrimRight(strings.TrimSpace(s.query), ";")+")").Scan(&want); err != nil {
		return t, err
	}
	counts, err := fileRows(ctx, tx, format, glob)
	if err != nil {
		return t, err
	}
	err = filepath.WalkDir(filepath.Join(root, t.Path), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := hashFile(p)
		if err != nil {
			return err
		}
		n, ok := counts[p]
		if !ok && want > 0 {
			return fmt.Errorf("%s: written but not readable back", p)
		}
		rel, _ := filepath.Rel(root, p)
		f.Path, f.Rows = filepath.ToSlash(rel), n
		t.Files = append(t.Files, f)
		t.Rows += n
		return nil
	})
	if err != nil && !(errors.Is(err, fs.ErrNotExist) && want == 0) {
		return t, err
	}
	sort.Slice(t.Files, func(i, j int) bool { return t.Files[i].Path < t.Files[j].Path })
	if t.Rows != want {
		return t, fmt.Errorf("the files hold %d rows, the warehouse %d", t.Rows, want)
	}
	return t, nil
}

// exportColumns gives the columns of a table as the warehouse types them,
// with their descriptions (COMMENT ON) where the relation has them.
func exportColumns(ctx context.Context, tx *sql.Tx, s exportSpec) ([]ExportColumn, error) {
	rows, err := tx.QueryContext(ctx, "SELECT * FROM ("+strings.TrimRight(strings.TrimSpace(s.query), ";")+") LIMIT 0")
	if err != nil {
		return nil, err
	}
	types, err := rows.ColumnTypes()
	rows.Close()
	if err != nil {
		return nil, err
	}
	comments := map[string]string{}
	crows, err := tx.QueryContext(ctx, sqlfiles.Load("export_column_comments"), s.name)
	if err != nil {
		return nil, err
	}
	for crows.Next() {
		var n, c string
		if err := crows.Scan(&n, &c); err != nil {
			crows.Close()
			return nil, err
		}
		comments[n] = c
	}
	crows.Close()
	part := map[string]bool{}
	for _, p := range s.partition {
		part[p] = true
	}
	out := make([]ExportColumn, len(types))
	for i, ct := range types {
		out[i] = ExportColumn{Name: ct.Name(), Type: ct.DatabaseTypeName(), Partition: part[ct.Name()], Description: comments[ct.Name()]}
	}
	if s.name == "observations" {
		for i := range out {
			if out[i].Name == "year" && out[i].Description == "" {
				out[i].Description = "year(period_start), for partitioning."
			}
		}
	}
	return out, nil
}

func fileRows(ctx context.Context, tx *sql.Tx, format, glob string) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, sqlfiles.Load("export_files_"+format), glob)
	if err != nil {
		if strings.Contains(err.Error(), "No files found") {
			return map[string]int64{}, nil
		}
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var f string
		var n int64
		if err := rows.Scan(&f, &n); err != nil {
			return nil, err
		}
		out[filepath.Clean(f)] = n
	}
	return out, rows.Err()
}

func hashFile(p string) (ExportFile, error) {
	f, err := os.Open(p)
	if err != nil {
		return ExportFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return ExportFile{}, fmt.Errorf("%s: %w", p, err)
	}
	return ExportFile{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
