package load

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/hanoi-sti/chitieu/extract"
	sqlfiles "github.com/hanoi-sti/chitieu/sql"
	"github.com/hanoi-sti/chitieu/transform"
)

// Run is one pipeline run. Payloads are staged one by one into temporary
// tables (so one bad source cannot spoil the others), then Commit merges
// them all into the warehouse in a single transaction: a run that fails or
// is killed leaves the warehouse as it was before it started.
type Run struct {
	w       *Warehouse
	conn    *sql.Conn
	ID      int64
	Job     string
	started time.Time
	staged  []*Staged
	seq     int
}

// Staged is one payload's outcome within a run.
type Staged struct {
	PayloadID int64
	Payload   extract.Payload // Body is dropped once staged
	Kind      string          // decoder name
	Info      extract.Info
	Series    []transform.SeriesInfo
	Stats     transform.Stats
	Status    string // loaded, unchanged, failed
	Err       error
	RowsNew   int64 // set by Commit
	// UnchangedFrom names the earlier load of identical bytes.
	UnchangedFrom string
	stage         string
}

// Summary is what a committed run did.
type Summary struct {
	RunID                           int64
	Status                          string // succeeded, partial, failed
	Sources                         []*Staged
	Read, Loaded, New, Rejected     int64
	SourcesFailed, SourcesUnchanged int
	Started, Finished               time.Time
}

// BeginRun records a run as running and returns it. The history row is
// written at once, so a run killed midway is visible as interrupted later.
func (w *Warehouse) BeginRun(ctx context.Context, job, command string) (*Run, error) {
	if w.readOnly {
		return nil, fmt.Errorf("%s is open read-only", w.path)
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", w.path, err)
	}
	r := &Run{w: w, conn: conn, Job: job, started: time.Now().UTC()}
	host, _ := os.Hostname()
	err = conn.QueryRowContext(ctx, `INSERT INTO etl_runs (run_id, job, command, started_at, status, host, pid, version)
		VALUES (nextval('run_id_seq'), ?, ?, ?, 'running', ?, ?, ?) RETURNING run_id`,
		job, command, r.started, host, os.Getpid(), Version).Scan(&r.ID)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("%s: record run: %w", w.path, err)
	}
	return r, nil
}

// AlreadyLoaded reports the earlier successful load of a payload with the
// same bytes, if any ("source 'x', run 3").
func (r *Run) AlreadyLoaded(ctx context.Context, sha string) (string, bool, error) {
	var name string
	var run int64
	err := r.conn.QueryRowContext(ctx, `SELECT source_name, run_id FROM sources
		WHERE sha256 = ? AND status = 'loaded' ORDER BY payload_id LIMIT 1`, sha).Scan(&name, &run)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("look up payload %s: %w", sha[:12], err)
	}
	return fmt.Sprintf("source %q, run %d", name, run), true, nil
}

// Skip records a payload that was not loaded because identical bytes were.
func (r *Run) Skip(p extract.Payload, from string) *Staged {
	p.Body = nil
	s := &Staged{Payload: p, Status: "unchanged", UnchangedFrom: from}
	r.staged = append(r.staged, s)
	return s
}

// Fail records a payload that could not be read at all.
func (r *Run) Fail(p extract.Payload, kind string, err error) *Staged {
	p.Body = nil
	s := &Staged{Payload: p, Kind: kind, Status: "failed", Err: err}
	r.staged = append(r.staged, s)
	return s
}

// Stage copies a payload's normalised stream into a temporary table. The
// Arrow view is registered, copied from and dropped inside one transaction,
// and only then released. If the stream fails (a corrupt file discovered
// midway), nothing of the payload is kept and the payload is recorded as
// failed; the error is returned too.
func (r *Run) Stage(ctx context.Context, p extract.Payload, kind string, stream *transform.Stream) (*Staged, error) {
	r.seq++
	st := &Staged{Kind: kind, stage: fmt.Sprintf("stage_%d_%d", r.ID, r.seq)}
	view := fmt.Sprintf("%s%d_%d_%d", stagingPrefix, os.Getpid(), r.ID, r.seq)
	err := r.w.hintMemory(r.copyArrow(ctx, stream, view, st.stage))
	// The stream's own error says what was wrong with the file; DuckDB's
	// would only say that the Arrow scan stopped.
	if werr := stream.Wait(); werr != nil {
		err = werr
	}
	p.Body = nil
	st.Payload, st.Info, st.Series, st.Stats = p, stream.Info(), stream.Series(), stream.Stats()
	if err != nil {
		st.Status, st.Err = "failed", err
		r.dropStage(ctx, st)
		r.staged = append(r.staged, st)
		return st, err
	}
	if err := r.rejectDuplicates(ctx, st); err != nil {
		st.Status, st.Err = "failed", fmt.Errorf("%s: find duplicate rows: %w", p.URI, r.w.hintMemory(err))
		r.dropStage(ctx, st)
		r.staged = append(r.staged, st)
		return st, st.Err
	}
	var accepted, rejected int64
	if err := r.conn.QueryRowContext(ctx, stageSQL("stage_counts", st.stage)).Scan(&accepted, &rejected); err != nil {
		return st, fmt.Errorf("count staged rows: %w", err)
	}
	if accepted != st.Stats.Accepted || rejected != st.Stats.Rejected {
		// Rows in = loaded + rejected must hold; if the database saw other
		// numbers than the normaliser produced, something was lost.
		err := fmt.Errorf("%s: staged %d accepted and %d rejected rows, but the normaliser produced %d and %d",
			p.URI, accepted, rejected, st.Stats.Accepted, st.Stats.Rejected)
		st.Status, st.Err = "failed", err
		r.dropStage(ctx, st)
		r.staged = append(r.staged, st)
		return st, err
	}
	st.Status = "loaded"
	r.staged = append(r.staged, st)
	return st, nil
}

// rejectDuplicates turns the later rows of a payload that repeat a series,
// place and period into rejections (sql/load/dedupe.sql), and moves them
// from the accepted to the rejected count.
func (r *Run) rejectDuplicates(ctx context.Context, st *Staged) error {
	var any bool
	if err := r.conn.QueryRowContext(ctx, stageSQL("has_duplicates", st.stage)).Scan(&any); err != nil || !any {
		return err
	}
	rows, err := r.conn.QueryContext(ctx, stageSQL("dedupe", st.stage))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var missing bool
		if err := rows.Scan(&missing); err != nil {
			return err
		}
		st.Stats.Accepted--
		st.Stats.Rejected++
		if missing {
			st.Stats.Missing--
		}
	}
	return rows.Err()
}

// hintMemory adds what to do to DuckDB's out-of-memory error: its own text
// suggests SET statements a chitieu user cannot type.
func (w *Warehouse) hintMemory(err error) error {
	if err == nil || !strings.Contains(err.Error(), "Out of Memory") {
		return err
	}
	limit := w.memLimit
	if limit == "" {
		limit = "DuckDB's default"
	}
	return fmt.Errorf("%w\nDuckDB ran out of memory within its limit (%s); run again with a larger --memory-limit (e.g. 512MB), or with --threads 1 if more threads were set", err, limit)
}

func (r *Run) copyArrow(ctx context.Context, reader array.RecordReader, view, stage string) error {
	if _, err := r.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	var release func()
	err := r.conn.Raw(func(dc any) error {
		ar, err := arrowOf(dc)
		if err != nil {
			return err
		}
		release, err = ar.RegisterView(reader, view)
		return err
	})
	if err == nil {
		_, err = r.conn.ExecContext(ctx, strings.NewReplacer("{{stage}}", stage, "{{view}}", `"`+view+`"`).Replace(sqlfiles.Load("stage")))
	}
	if err == nil {
		_, err = r.conn.ExecContext(ctx, `DROP VIEW "`+view+`"`)
	}
	if err == nil {
		_, err = r.conn.ExecContext(ctx, "COMMIT")
	} else {
		// The rollback also removes the view: it was created in this transaction.
		_, rbErr := r.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		err = errors.Join(err, rbErr)
	}
	if release != nil {
		release()
	}
	return err
}

func (r *Run) dropStage(ctx context.Context, st *Staged) {
	if st.stage != "" {
		r.conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+st.stage)
		r.conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+st.stage+"_newest")
	}
}

func stageSQL(name, stage string) string {
	return strings.ReplaceAll(sqlfiles.Load(name), "{{stage}}", stage)
}

// Commit merges every staged payload into the warehouse in one transaction
// and records the outcome. It always closes the run.
func (r *Run) Commit(ctx context.Context) (*Summary, error) {
	defer r.close(ctx)
	sum := &Summary{RunID: r.ID, Sources: r.staged, Started: r.started}
	err := r.w.withConnTx(ctx, r.conn, func() error {
		for _, st := range r.staged {
			if err := r.commitPayload(ctx, st); err != nil {
				return fmt.Errorf("%s: %w", st.Payload.URI, err)
			}
			sum.Read += st.Stats.Read
			sum.Rejected += st.Stats.Rejected
			switch st.Status {
			case "loaded":
				sum.Loaded += st.Stats.Accepted
				sum.New += st.RowsNew
			case "failed":
				sum.SourcesFailed++
			case "unchanged":
				sum.SourcesUnchanged++
			}
		}
		sum.Status = "succeeded"
		switch {
		case len(r.staged) > 0 && sum.SourcesFailed == len(r.staged):
			sum.Status = "failed"
		case sum.SourcesFailed > 0:
			sum.Status = "partial"
		}
		sum.Finished = time.Now().UTC()
		_, err := r.conn.ExecContext(ctx, `UPDATE etl_runs SET finished_at = ?, status = ?, sources_total = ?,
			sources_failed = ?, sources_unchanged = ?, rows_read = ?, rows_loaded = ?, rows_new = ?, rows_rejected = ?, message = ?
			WHERE run_id = ?`, sum.Finished, sum.Status, len(r.staged), sum.SourcesFailed, sum.SourcesUnchanged,
			sum.Read, sum.Loaded, sum.New, sum.Rejected, nullIfEmpty(failures(r.staged)), r.ID)
		return err
	})
	if err != nil {
		err = r.w.hintMemory(err)
		r.markFailed(ctx, err)
		return nil, fmt.Errorf("%s: run %d rolled back, the warehouse is unchanged: %w", r.w.path, r.ID, err)
	}
	return sum, nil
}

func (r *Run) commitPayload(ctx context.Context, st *Staged) error {
	p := st.Payload
	vintage := p.FetchedAt
	if !st.Info.Vintage.IsZero() {
		vintage = st.Info.Vintage.UTC()
	} else if st.Status == "loaded" {
		// Without a publication date the fetch time is the vintage. If the
		// clock went back since the source's last load, that would make a
		// revision look older than what it revises; keep vintages in load
		// order instead, one second after the newest.
		var last sql.NullTime
		if err := r.conn.QueryRowContext(ctx, sqlfiles.Load("last_vintage"), p.Source).Scan(&last); err != nil {
			return fmt.Errorf("last vintage of %s: %w", p.Source, err)
		}
		if last.Valid && !vintage.After(last.Time) {
			r.w.log.Warn("the clock is behind the source's last vintage; keeping vintages in load order",
				"source", p.Source, "fetched_at", vintage, "last_vintage", last.Time)
			vintage = last.Time.Add(time.Second)
		}
	}
	var errText any
	if st.Err != nil {
		errText = st.Err.Error()
	}
	if err := r.conn.QueryRowContext(ctx, `INSERT INTO sources VALUES (nextval('payload_id_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)
		RETURNING payload_id`,
		r.ID, p.Source, nullIfEmpty(st.Kind), p.URI, nullIfEmpty(p.SHA256), len64(p), p.FetchedAt, vintage, p.Sample || st.Info.Sample,
		nullIfEmpty(st.Info.Title), nullIfEmpty(st.Info.Publisher), st.Status, st.Stats.Read, st.Stats.Rejected,
		errText, jsonText(p.HTTP)).Scan(&st.PayloadID); err != nil {
		return fmt.Errorf("record source: %w", err)
	}
	if st.Status != "loaded" {
		return nil
	}
	if _, err := r.conn.ExecContext(ctx, stageSQL("newest_values", st.stage)); err != nil {
		return fmt.Errorf("find the newest values: %w", err)
	}
	res, err := r.conn.ExecContext(ctx, stageSQL("merge_observations", st.stage), p.Source, st.PayloadID, vintage, r.ID)
	if err != nil {
		return fmt.Errorf("insert observations: %w", err)
	}
	if _, err := r.conn.ExecContext(ctx, "DROP TABLE "+st.stage+"_newest"); err != nil {
		return fmt.Errorf("drop the newest values: %w", err)
	}
	st.RowsNew, _ = res.RowsAffected()
	if _, err := r.conn.ExecContext(ctx, stageSQL("merge_rejected", st.stage), r.ID, st.PayloadID, p.Source, p.URI); err != nil {
		return fmt.Errorf("insert rejected rows: %w", err)
	}
	if err := r.recordSeries(ctx, st); err != nil {
		return err
	}
	_, err = r.conn.ExecContext(ctx, `UPDATE sources SET rows_loaded = ?, rows_new = ? WHERE payload_id = ?`, st.Stats.Accepted, st.RowsNew, st.PayloadID)
	return err
}

// recordSeries adds the payload's series the warehouse does not know yet:
// appended to a temporary table, then merged in one statement.
func (r *Run) recordSeries(ctx context.Context, st *Staged) error {
	if len(st.Series) == 0 {
		return nil
	}
	tmp := st.stage + "_series"
	if _, err := r.conn.ExecContext(ctx, "CREATE TEMP TABLE "+tmp+` (series_id VARCHAR, source_name VARCHAR,
		source_code VARCHAR, name VARCHAR, unit VARCHAR, dims VARCHAR, indicator_code VARCHAR, first_payload_id BIGINT)`); err != nil {
		return fmt.Errorf("record series: %w", err)
	}
	defer r.conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+tmp)
	err := r.conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("not a driver connection: %T", dc)
		}
		a, err := duckdb.NewAppender(c, "temp", "main", tmp)
		if err != nil {
			return err
		}
		for _, s := range st.Series {
			if err := a.AppendRow(s.ID, st.Payload.Source, s.Code, nullIfEmpty(s.Name), nullIfEmpty(s.Unit),
				jsonText(s.Dims), nullIfEmpty(s.Indicator), st.PayloadID); err != nil {
				a.Close()
				return fmt.Errorf("series %s: %w", s.ID, err)
			}
		}
		return a.Close()
	})
	if err == nil {
		_, err = r.conn.ExecContext(ctx, strings.ReplaceAll(sqlfiles.Load("merge_series"), "{{series}}", tmp))
	}
	if err != nil {
		return fmt.Errorf("record series: %w", err)
	}
	return nil
}

func len64(p extract.Payload) any {
	if p.SHA256 == "" {
		return nil
	}
	return p.Size
}

func failures(staged []*Staged) string {
	var msgs []string
	for _, st := range staged {
		if st.Err != nil {
			msgs = append(msgs, st.Err.Error())
		}
	}
	return strings.Join(msgs, "; ")
}

// Abort ends a run without loading anything, recording why.
func (r *Run) Abort(ctx context.Context, cause error) {
	r.markFailed(ctx, cause)
	r.close(ctx)
}

func (r *Run) markFailed(ctx context.Context, cause error) {
	ctx = context.WithoutCancel(ctx)
	msg := "aborted"
	if cause != nil {
		msg = cause.Error()
	}
	if _, err := r.conn.ExecContext(ctx, `UPDATE etl_runs SET status = 'failed', finished_at = ?, message = ? WHERE run_id = ?`,
		time.Now().UTC(), msg, r.ID); err != nil {
		r.w.log.Error("could not record the failed run", "run", r.ID, "err", err)
	}
}

func (r *Run) close(ctx context.Context) {
	for _, st := range r.staged {
		r.dropStage(ctx, st)
	}
	r.conn.Close()
}

func (w *Warehouse) withConnTx(ctx context.Context, conn *sql.Conn, fn func() error) error {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	if err := fn(); err != nil {
		_, rbErr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return errors.Join(err, rbErr)
	}
	_, err := conn.ExecContext(ctx, "COMMIT")
	return err
}
