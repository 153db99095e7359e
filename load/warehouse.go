// Package load is the DuckDB warehouse: it opens the file and migrates its
// schema, seeds the plan's reference data, loads Arrow record batches in
// transactions, and records run history and provenance.
//
// Loading goes through DuckDB's Arrow scan (RegisterView + INSERT … SELECT),
// which measured 2.3× faster here than the row-wise Appender. RegisterView
// creates a persistent view that points at Go memory, so every view is
// dropped in the transaction that created it, before its release function
// runs, and any left by a killed process is dropped when the warehouse is
// next opened for writing.
package load

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	sqlfiles "github.com/hanoi-sti/chitieu/sql"
	"github.com/hanoi-sti/chitieu/transform"
	"github.com/hanoi-sti/chitieu/transform/plan"
)

// Version is the chitieu version written into run history; set by main.
var Version = "dev"

// stagingPrefix names every view RegisterView creates, so leftovers of a
// killed process can be found and dropped.
const stagingPrefix = "chitieu_arrow_"

// ErrNewerSchema is returned when the warehouse was written by a newer chitieu.
var ErrNewerSchema = errors.New("warehouse schema is newer than this chitieu")

// Warehouse is an open chitieu DuckDB file.
type Warehouse struct {
	db       *sql.DB
	path     string
	readOnly bool
	log      *slog.Logger
	ref      *plan.Reference
	memLimit string // Options.MemoryLimit, for the out-of-memory hint
}

// Options control how the warehouse is opened.
type Options struct {
	ReadOnly bool         // open with access_mode=read_only: no migration, no writes
	Logger   *slog.Logger // slog.Default() if nil
	// MemoryLimit caps the memory DuckDB's buffer manager uses ("64MB",
	// "2GB"); beyond it, staging tables, sorts and joins spill to
	// <warehouse>.tmp next to the file. "" keeps DuckDB's default, 80% of
	// RAM, which a monthly cron job on a shared machine should not take.
	MemoryLimit string
	// Threads is DuckDB's worker threads; 0 keeps its default (one per
	// core).
	Threads int
	// PlanDirs are plan folders to seed besides the built-in plans (a
	// sources file's plans = [...]): each is read and checked, and a
	// writer replaces its rows. A plan a later open does not name again
	// stays in the warehouse as it was.
	PlanDirs []string
}

// Loading defaults (the CLI's --memory-limit and --threads). Decoding and
// normalising run in Go on every core; DuckDB inserts, checks and compares.
// More DuckDB threads did not make the insert faster on two cores: the
// Arrow scan of one stream then shares it between threads, which cost more
// CPU than it saved (BENCHMARKS.md, finding 11). Measured
// on the million-row workbook (BENCHMARKS.md), DuckDB's own defaults
// (80% of RAM, one thread per core) made the process peak at 603 MB and grow
// with the file; 64 MB and one thread kept it at 160–172 MB for 200,000 and
// 1,000,000 rows. With two threads, 64 MB was too little to merge a
// 1,000,000-row revision into a 200,000-row source (each thread buffers its
// own part of the insert); one thread merged it within the limit.
const (
	DefaultMemoryLimit = "64MB"
	DefaultThreads     = 1
)

// DefaultGoMemoryLimit is the Go runtime's soft memory limit while loading
// (runtime/debug.SetMemoryLimit; the GOMEMLIMIT environment variable
// overrides it). The loader's own live heap stays near 50 MB whatever the
// file (the memos and sets are bounded, batches live in C memory), but with
// the default GOGC the heap grew to twice that between collections: on the
// workbook of 200,000 series × 5 years the process peaked at 276–317 MB
// without the limit and 227–247 MB with it, for about a fifth more CPU in
// the collector (BENCHMARKS.md, finding 12). It is a soft limit: a payload
// parsed whole that needs more (a large JSON-stat file) still loads, with
// the collector running more often.
const DefaultGoMemoryLimit = 64 << 20

// LimitGoMemory applies DefaultGoMemoryLimit unless GOMEMLIMIT is set. The
// commands that load call it; queries keep Go's default.
func LimitGoMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultGoMemoryLimit)
	}
}

// Open opens (creating if needed) the warehouse at path. Opened for writing,
// it applies pending migrations, seeds the reference data, re-creates the
// views and cleans up after any run that was killed.
func Open(ctx context.Context, path string, opt Options) (*Warehouse, error) {
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	ref, err := plan.Load()
	if err != nil {
		return nil, fmt.Errorf("reference data: %w", err)
	}
	for _, dir := range opt.PlanDirs {
		p, err := ref.LoadPlanDir(dir)
		if err != nil {
			return nil, fmt.Errorf("plan folder %s:\n%w", dir, err)
		}
		if err := ref.AddPlan(p); err != nil {
			return nil, fmt.Errorf("plan folder %s: %w", dir, err)
		}
	}
	params := url.Values{}
	if opt.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open warehouse %s: %w (run 'chitieu run' first to create it)", path, err)
		}
		params.Set("access_mode", "read_only")
	}
	if opt.MemoryLimit != "" {
		params.Set("memory_limit", opt.MemoryLimit)
	}
	if opt.Threads > 0 {
		params.Set("threads", strconv.Itoa(opt.Threads))
	}
	dsn := path
	if len(params) > 0 {
		dsn += "?" + params.Encode()
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, fmt.Errorf("open warehouse %s: %w", path, err)
	}
	db := sql.OpenDB(connector)
	w := &Warehouse{db: db, path: path, readOnly: opt.ReadOnly, log: log, ref: ref, memLimit: opt.MemoryLimit}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open warehouse %s: %w", path, w.hintMemory(err))
	}
	if opt.ReadOnly {
		err = w.checkVersion(ctx)
	} else {
		err = w.prepare(ctx)
	}
	if err != nil {
		db.Close()
		return nil, w.hintMemory(err)
	}
	return w, nil
}

// Close closes the warehouse; DuckDB checkpoints its WAL into the file.
func (w *Warehouse) Close() error { return w.db.Close() }

// DB gives read access for queries (the sql and kpi commands).
func (w *Warehouse) DB() *sql.DB { return w.db }

// Path is the warehouse file.
func (w *Warehouse) Path() string { return w.path }

// spillDir is where a load sets rejected rows aside: next to the warehouse
// file, which must be writable anyway, or the system's temp directory for
// an in-memory warehouse.
func (w *Warehouse) spillDir() string {
	if w.path == "" || w.path == ":memory:" {
		return ""
	}
	return filepath.Dir(w.path)
}

// Reference is the plan's reference data the warehouse was seeded with.
func (w *Warehouse) Reference() *plan.Reference { return w.ref }

// SchemaVersion returns the highest migration applied to the file.
func (w *Warehouse) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := w.db.QueryRowContext(ctx, sqlfiles.Load("schema_version")).Scan(&v)
	if err != nil {
		if strings.Contains(err.Error(), "does not exist") {
			return 0, nil
		}
		return 0, fmt.Errorf("%s: read schema version: %w", w.path, err)
	}
	return int(v.Int64), nil
}

func (w *Warehouse) checkVersion(ctx context.Context) error {
	migs, err := sqlfiles.Migrations()
	if err != nil {
		return err
	}
	have, err := w.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if want := migs[len(migs)-1].Version; have > want {
		return fmt.Errorf("%s has schema version %d but this chitieu knows versions up to %d; use a newer chitieu: %w", w.path, have, want, ErrNewerSchema)
	}
	return nil
}

func (w *Warehouse) prepare(ctx context.Context) error {
	if _, err := w.db.ExecContext(ctx, sqlfiles.Load("migrations_table")); err != nil {
		return fmt.Errorf("%s: %w", w.path, err)
	}
	if err := w.checkVersion(ctx); err != nil {
		return err
	}
	if err := w.migrate(ctx); err != nil {
		return err
	}
	if err := w.dropStagingViews(ctx); err != nil {
		return err
	}
	return w.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("interrupted")); err != nil {
			return fmt.Errorf("mark interrupted runs: %w", err)
		}
		if err := seedReference(ctx, tx, w.ref); err != nil {
			return fmt.Errorf("seed reference data: %w", err)
		}
		views, err := sqlfiles.Views()
		if err != nil {
			return err
		}
		for _, v := range views {
			if _, err := tx.ExecContext(ctx, v); err != nil {
				return fmt.Errorf("create views: %w", err)
			}
		}
		return nil
	})
}

func (w *Warehouse) migrate(ctx context.Context) error {
	migs, err := sqlfiles.Migrations()
	if err != nil {
		return err
	}
	have, err := w.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	for _, m := range migs {
		if m.Version <= have {
			continue
		}
		err := w.withTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, sqlfiles.Load("migration_applied"), m.Version, m.Name, time.Now().UTC(), Version)
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: migration %03d_%s: %w", w.path, m.Version, m.Name, err)
		}
		w.log.Info("migrated warehouse", "file", w.path, "version", m.Version, "name", m.Name)
	}
	return nil
}

// dropStagingViews removes Arrow views a killed process left behind: they
// point at memory that no longer exists, and selecting from one crashes.
func (w *Warehouse) dropStagingViews(ctx context.Context) error {
	rows, err := w.db.QueryContext(ctx, sqlfiles.Load("staging_views"), stagingPrefix)
	if err != nil {
		return fmt.Errorf("%s: list staging views: %w", w.path, err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		w.log.Warn("dropping a staging view left by a killed run", "view", n)
		if _, err := w.db.ExecContext(ctx, `DROP VIEW IF EXISTS "`+n+`"`); err != nil {
			return fmt.Errorf("%s: drop staging view %s: %w", w.path, n, err)
		}
	}
	return nil
}

func (w *Warehouse) withTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

// seedReference replaces the shared reference tables with the data
// compiled into this binary, so a corrected transcription reaches existing
// warehouses, and each plan of ref with its folder's data: a plan is
// replaced as a whole, and a plan ref does not hold (one a sources file
// named in an earlier run) stays as it was.
func seedReference(ctx context.Context, tx *sql.Tx, ref *plan.Reference) error {
	for _, t := range []string{"series_map", "kpi_parameters", "boundary_changes", "definition_changes", "factor_shares", "places"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM indicators WHERE plan_id IS NULL"); err != nil {
		return err
	}
	for _, i := range ref.Indicators {
		if i.Role == "input" {
			if err := seedIndicator(ctx, tx, i); err != nil {
				return err
			}
		}
	}
	for _, p := range ref.Plans {
		if err := seedPlan(ctx, tx, p); err != nil {
			return fmt.Errorf("plan %s: %w", p.ID, err)
		}
	}
	for _, m := range ref.SeriesMap {
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_series_map"), m.Source, m.Series, m.Indicator, m.Factor, m.Note, nullIfEmpty(m.Geo)); err != nil {
			return fmt.Errorf("series map %s: %w", m.Series, err)
		}
	}
	for _, p := range ref.Parameters {
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_parameter"), p.Name, p.Value, p.Unit, p.Description, p.Source); err != nil {
			return fmt.Errorf("parameter %s: %w", p.Name, err)
		}
	}
	for _, b := range ref.BoundaryChanges {
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_boundary_change"), b.Geo, b.Date, nullIfEmpty(b.Absorbed), nullIfEmpty(b.AbsorbedName), b.Note, nullIfEmpty(b.NameAfter)); err != nil {
			return fmt.Errorf("boundary change %s %s: %w", b.Geo, b.Date.Format(time.DateOnly), err)
		}
	}
	for _, d := range ref.DefinitionChanges {
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_definition_change"),
			d.Indicator, d.Geo, d.Date, d.Note, d.Source); err != nil {
			return fmt.Errorf("definition change %s %s: %w", d.Indicator, d.Date.Format(time.DateOnly), err)
		}
	}
	for _, f := range ref.FactorShares {
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_factor_share"), f.Geo, f.Year, f.LabourShare, f.Source); err != nil {
			return fmt.Errorf("factor share %s %d: %w", f.Geo, f.Year, err)
		}
	}
	for _, p := range transform.KnownPlaces() {
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_place"), p.Code, p.Name, p.Level, nullIfEmpty(p.Parent)); err != nil {
			return fmt.Errorf("place %s: %w", p.Code, err)
		}
	}
	return nil
}

// seedPlan replaces one plan's rows: its header and reviews, agencies
// (an agency several plans name is kept once, as the last seeded names
// it), KPIs and their formulas, targets and tasks.
func seedPlan(ctx context.Context, tx *sql.Tx, p *plan.Plan) error {
	if err := deletePlan(ctx, tx, p.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_plan"), p.ID, p.Number, p.TitleVI, nullIfEmpty(p.TitleEN), p.Issuer,
		p.Issued, p.FirstYear, p.LastYear, p.BaselineYear, p.Geo, p.Folder); err != nil {
		return err
	}
	for _, rv := range p.Reviews {
		var asOf any
		if !rv.AsOf.IsZero() {
			asOf = rv.AsOf
		}
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_review"), p.ID, rv.Name, rv.Year, asOf, rv.TitleVI, nullIfEmpty(rv.TitleEN)); err != nil {
			return fmt.Errorf("review %s: %w", rv.Name, err)
		}
	}
	for _, a := range p.Agencies {
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_agency"), a.Code, a.NameVI, a.NameEN, a.Kind); err != nil {
			return fmt.Errorf("agency %s: %w", a.Code, err)
		}
	}
	kpiNo := map[string]int{}
	for _, k := range p.KPIs {
		kpiNo[k.Code] = k.KPINo
		var owner string
		switch err := tx.QueryRowContext(ctx, sqlfiles.Load("kpi_owner"), k.Code, p.ID).Scan(&owner); {
		case err == nil:
			return fmt.Errorf("%s/kpis.tsv: KPI %s is already plan %s's in the warehouse (a plan folder whose id changed?): "+
				"a KPI code belongs to one plan; remove the old plan first (chitieu plan remove %s) or give the KPI another code",
				p.Folder, k.Code, owner, owner)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("KPI %s: %w", k.Code, err)
		}
		if err := seedIndicator(ctx, tx, k); err != nil {
			return err
		}
		for _, in := range k.Formula.Inputs {
			if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_formula_input"), k.Code, in.Role, in.Indicator); err != nil {
				return fmt.Errorf("KPI %s input %s: %w", k.Code, in.Role, err)
			}
		}
	}
	for _, i := range p.Inputs {
		if err := seedIndicator(ctx, tx, i); err != nil {
			return err
		}
	}
	for _, t := range p.Targets {
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_target"),
			p.ID, t.KPICode, kpiNo[t.KPICode], t.Comparator, t.Low, t.High, t.Tolerance, t.BaselineYear, t.Horizon,
			t.Kind, nullIfEmpty(t.Average), t.Lead, strings.Join(t.Coordinating, ","), strings.Join(t.Coordinating, ","),
			t.WordingVI, t.WordingEN, t.Direction, t.Reading, t.InForceFrom, t.Decision, t.DecisionDate); err != nil {
			return fmt.Errorf("target %s: %w", t.KPICode, err)
		}
	}
	for _, t := range p.Tasks {
		coord := strings.Join(t.Coordinating, ",")
		if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_task"),
			p.ID, t.No, t.NameVI, t.Lead, coord, coord, t.Issuer, t.Due.Start, t.Due.End, t.Due.AlreadyIssued,
			t.Budget.BillionVND, nullIfEmpty(t.Budget.Note), nullIfEmpty(t.CoordinatingText), t.Due.Text, t.Budget.Text); err != nil {
			return fmt.Errorf("task %d: %w", t.No, err)
		}
	}
	return nil
}

// deletePlan takes out one plan's reference rows (delete_plan.sql).
func deletePlan(ctx context.Context, tx *sql.Tx, id string) error {
	// one statement at a time: DuckDB binds a parameter in one statement only
	for _, stmt := range strings.SplitAfter(sqlfiles.Load("delete_plan"), ";") {
		if !strings.Contains(stmt, "DELETE") {
			continue
		}
		if _, err := tx.ExecContext(ctx, stmt, id); err != nil {
			return fmt.Errorf("delete plan %s's rows: %w", id, err)
		}
	}
	return nil
}

// seedIndicator inserts one indicator: an input series, or a KPI with its
// plan, label and formula.
func seedIndicator(ctx context.Context, tx *sql.Tx, i plan.Indicator) error {
	var no, kind, text any
	if i.Role == "kpi" {
		no = i.KPINo
		kind, text = i.Formula.Kind, i.Formula.Text
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Load("seed_indicator"),
		i.Code, no, i.Role, i.NameVI, i.NameEN, i.Unit, i.Min, i.Max, i.Definition,
		strings.Join(i.PeriodKinds, ","), strings.Join(i.PeriodKinds, ","),
		nullIfEmpty(i.PlanID), nullIfEmpty(i.Label), kind, text); err != nil {
		return fmt.Errorf("indicator %s: %w", i.Code, err)
	}
	return nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func jsonText(v any) any {
	if v == nil {
		return nil
	}
	switch m := v.(type) {
	case map[string]string:
		if len(m) == 0 {
			return nil
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return string(b)
}

// arrowOf returns DuckDB's Arrow interface on a raw driver connection.
func arrowOf(dc any) (*duckdb.Arrow, error) {
	c, ok := dc.(driver.Conn)
	if !ok {
		return nil, fmt.Errorf("not a driver connection: %T", dc)
	}
	return duckdb.NewArrowFromConn(c)
}
