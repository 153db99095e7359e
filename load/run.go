package load

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/hanoi-sti/chitieu/extract"
	sqlfiles "github.com/hanoi-sti/chitieu/sql"
	"github.com/hanoi-sti/chitieu/transform"
)

// Run is one pipeline run, and one DuckDB transaction: each payload's rows
// go straight from the Arrow stream into observations, and Commit makes
// them all visible at once. A run that fails or is killed leaves the
// warehouse as it was before it started. A payload that cannot be read
// (a corrupt file found midway) has its rows taken back and is recorded as
// failed, and the others still load; an error of DuckDB itself (out of
// memory, disk full) aborts the transaction, and so the run.
type Run struct {
	w       *Warehouse
	conn    *sql.Conn
	ID      int64
	Job     string
	started time.Time
	staged  []*Staged
	seq     int
	// broken is the DuckDB error that aborted the run's transaction; once
	// set, nothing more is loaded and Commit rolls back.
	broken error
	open   bool // the run's transaction is open
	// OnRows, when set, is told how many rows of the payload being loaded
	// have gone to DuckDB, after each batch: a progress bar that counted
	// only files showed 0/1 until a single large file was done.
	OnRows func(rows int64)
}

// PayloadStatus is what became of one payload in a run (sources.status).
type PayloadStatus string

// The payload statuses.
const (
	PayloadLoaded    PayloadStatus = "loaded"    // its rows were read (some may have been rejected)
	PayloadUnchanged PayloadStatus = "unchanged" // identical bytes were loaded before
	PayloadFailed    PayloadStatus = "failed"    // it could not be read; nothing of it loaded
)

// RunStatus is how a run ended (etl_runs.status).
type RunStatus string

// The run statuses. A committed run is succeeded, partial or failed;
// running and interrupted are seen only in the history.
const (
	RunSucceeded   RunStatus = "succeeded"
	RunPartial     RunStatus = "partial" // some payloads failed or loaded nothing
	RunFailed      RunStatus = "failed"
	RunRunning     RunStatus = "running"
	RunInterrupted RunStatus = "interrupted" // the process ended before the run did
)

// Staged is one payload's outcome within a run.
type Staged struct {
	PayloadID int64
	Payload   extract.Payload // Body is dropped once loaded
	Kind      string          // decoder name
	Info      extract.Info
	Places    []transform.KeptPlaceLabel // places kept in the source's scheme, with their labels
	Stats     transform.Stats
	Status    PayloadStatus
	Err       error
	RowsNew   int64 // rows that were new or revised values
	// UnchangedFrom names the earlier load of identical bytes.
	UnchangedFrom string
	vintage       time.Time
	// TopReasons are the commonest kinds of failure among the rejected
	// rows of a payload that loaded nothing (see AllRejected).
	TopReasons []ReasonCount
	// rows rejected as duplicates after the normaliser counted them as
	// accepted, and how many of those had no value
	dups, dupsMissing int64
	// taskRows counts the task sheet's rows (loadTasks), added to Stats
	taskRows transform.Stats
	tasksNew int64 // task rows that differ from the newest the warehouse held
}

// ReasonCount is one kind of failure (rejected_rows.reason_code) among a
// payload's rejected rows: how many rows, and one reason in full.
type ReasonCount struct {
	Code    string
	Rows    int64
	Example string
}

// AllRejected reports whether a payload was read but none of its rows
// loaded: every row went to rejected_rows. Such a payload is not a success
// nor "nothing new", and its run is partial.
func (st *Staged) AllRejected() bool {
	return st.Status == PayloadLoaded && st.Stats.Read > 0 && st.Stats.Accepted == 0
}

// rejectedMessage says what became of a payload that loaded nothing, with
// its commonest reasons: "0 loaded: all 6402 rows rejected (unknown_indicator
// 6400, e.g. …)".
func (st *Staged) rejectedMessage() string {
	msg := fmt.Sprintf("0 loaded: all %d rows rejected", st.Stats.Read)
	for i, rc := range st.TopReasons {
		sep := "; "
		if i == 0 {
			sep = " ("
		}
		msg += fmt.Sprintf("%s%s %d, e.g. %s", sep, rc.Code, rc.Rows, rc.Example)
	}
	if len(st.TopReasons) > 0 {
		msg += ")"
	}
	return msg
}

// Summary is what a committed run did.
type Summary struct {
	RunID                           int64
	Status                          RunStatus // succeeded, partial or failed
	Sources                         []*Staged
	Read, Loaded, New, Rejected     int64
	SourcesFailed, SourcesUnchanged int
	// SourcesRejected counts payloads read but with every row rejected
	// (Staged.AllRejected): they make the run partial.
	SourcesRejected   int
	Started, Finished time.Time
}

// BeginRun records a run as running and opens its transaction. The history
// row is written before the transaction, so a run killed midway is visible
// as interrupted later.
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
	err = conn.QueryRowContext(ctx, sqlfiles.Load("run_begin"),
		job, command, r.started, host, os.Getpid(), Version).Scan(&r.ID)
	if err == nil {
		_, err = conn.ExecContext(ctx, "BEGIN TRANSACTION")
	}
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("%s: record run: %w", w.path, err)
	}
	r.open = true
	return r, nil
}

// Earlier is the earlier successful load of a payload's bytes.
type Earlier struct {
	From    string    // "source 'x', run 3", for messages
	Vintage time.Time // that load's vintage: the payload's own, not a fetch time
}

// AlreadyLoaded reports the earlier successful load of a payload with the
// same bytes, if any, this run's included. A load whose rows were all
// rejected does not count: the payload is read again, and its run again
// says that nothing of it loaded.
func (r *Run) AlreadyLoaded(ctx context.Context, sha string) (Earlier, bool, error) {
	if r.broken != nil {
		return Earlier{}, false, r.broken
	}
	var name string
	var run int64
	var vintage sql.NullTime
	err := r.conn.QueryRowContext(ctx, sqlfiles.Load("loaded_payload"), sha).Scan(&name, &run, &vintage)
	if errors.Is(err, sql.ErrNoRows) {
		return Earlier{}, false, nil
	}
	if err != nil {
		return Earlier{}, false, r.fail(fmt.Errorf("look up payload %s: %w", sha[:12], err))
	}
	return Earlier{From: fmt.Sprintf("source %q, run %d", name, run), Vintage: vintage.Time}, true, nil
}

// Skip records a payload that was not loaded because identical bytes were.
// Its vintage is the earlier load's: the same bytes were published then,
// whenever they were fetched again.
func (r *Run) Skip(ctx context.Context, p extract.Payload, earlier Earlier) *Staged {
	p.Body = nil
	vintage := earlier.Vintage
	if vintage.IsZero() {
		vintage = p.FetchedAt
	}
	st := &Staged{Payload: p, Status: PayloadUnchanged, UnchangedFrom: earlier.From, vintage: vintage}
	r.record(ctx, st)
	return st
}

// Fail records a payload that could not be read at all.
func (r *Run) Fail(ctx context.Context, p extract.Payload, kind string, err error) *Staged {
	p.Body = nil
	st := &Staged{Payload: p, Kind: kind, Status: PayloadFailed, Err: err, vintage: p.FetchedAt}
	r.record(ctx, st)
	return st
}

// fail marks the run's transaction as aborted by err and rolls it back at
// once: a failed statement leaves DuckDB's transaction unusable, and the
// rollback also removes any Arrow view registered in it before its memory
// is released.
func (r *Run) fail(err error) error {
	err = r.w.hintMemory(err)
	if r.broken == nil {
		r.broken = err
	}
	if r.open {
		r.open = false
		if _, rbErr := r.conn.ExecContext(context.Background(), "ROLLBACK"); rbErr != nil {
			r.w.log.Error("rollback of the run failed", "run", r.ID, "err", rbErr)
		}
	}
	return err
}

// Stage loads a payload's normalised stream into the run's transaction:
// the accepted rows straight into observations (sql/load/insert_observations.sql),
// the rejected ones into rejected_rows; then rows repeating an earlier row
// of the payload are rejected, and rows the warehouse already holds are
// taken back. If the stream fails midway, nothing of the payload is kept,
// the payload is recorded as failed and the error returned.
func (r *Run) Stage(ctx context.Context, p extract.Payload, kind string, stream *transform.Stream) (*Staged, error) {
	p.Body = nil
	st := &Staged{Payload: p, Kind: kind, Status: PayloadFailed}
	if r.broken != nil {
		stream.Release()
		stream.Wait()
		st.Err = fmt.Errorf("%s: not loaded: the run had already failed: %w", p.URI, r.broken)
		r.staged = append(r.staged, st)
		return st, st.Err
	}
	err := r.load(ctx, st, stream)
	if err != nil {
		stream.Release() // stops the decoder if it still runs; the caller's Release is then a no-op
		st.Err = err
	} else {
		st.Status = PayloadLoaded
	}
	stream.Wait()
	st.Info, st.Stats = stream.Info(), stream.Stats()
	st.Places = stream.KeptPlaces()
	st.Stats.Accepted -= st.dups
	st.Stats.Rejected += st.dups
	st.Stats.Missing -= st.dupsMissing
	st.Stats.Read += st.taskRows.Read
	st.Stats.Accepted += st.taskRows.Accepted
	st.Stats.Rejected += st.taskRows.Rejected
	st.RowsNew += st.tasksNew
	if err == nil && st.AllRejected() {
		if st.TopReasons, err = r.topReasons(ctx, st.PayloadID); err != nil {
			err = r.fail(fmt.Errorf("%s: %w", p.URI, err))
			st.Status, st.Err = PayloadFailed, err
		}
	}
	if rerr := r.record(ctx, st); rerr != nil && err == nil {
		err = rerr
	}
	return st, err
}

// topReasons reads the commonest kinds of failure among a payload's
// rejected rows (sql/load/top_reasons.sql).
func (r *Run) topReasons(ctx context.Context, payloadID int64) ([]ReasonCount, error) {
	rows, err := r.conn.QueryContext(ctx, sqlfiles.Load("top_reasons"), payloadID, 3)
	if err != nil {
		return nil, fmt.Errorf("count the reasons of rejected rows: %w", err)
	}
	defer rows.Close()
	var out []ReasonCount
	for rows.Next() {
		var rc ReasonCount
		if err := rows.Scan(&rc.Code, &rc.Rows, &rc.Example); err != nil {
			return nil, fmt.Errorf("count the reasons of rejected rows: %w", err)
		}
		out = append(out, rc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count the reasons of rejected rows: %w", err)
	}
	return out, nil
}

// load does Stage's work; an error it returns fails the payload, and one
// from DuckDB has also failed the run (r.broken).
func (r *Run) load(ctx context.Context, st *Staged, stream *transform.Stream) error {
	p := st.Payload
	r.seq++
	if err := r.newPayloadID(ctx, st); err != nil {
		return err
	}
	sc := newScan(stream, r.w.spillDir())
	sc.onRows = r.OnRows
	defer func() {
		if err := sc.close(); err != nil {
			r.w.log.Warn("could not close the rejected rows' spill file", "err", err)
		}
	}()
	sc.peek()
	info := stream.BatchInfo()
	vintage, err := r.vintage(ctx, p, info)
	if err != nil {
		return err
	}
	newest := fmt.Sprintf("chitieu_newest_%d_%d", r.ID, r.seq)
	start := time.Now()
	if _, err = r.exec(ctx, p.Source, replace("newest_values", "{{newest}}", newest), p.Source); err != nil {
		return r.fail(fmt.Errorf("%s: find the newest values: %w", p.URI, err))
	}
	defer r.drop(newest)
	var prior bool // the source has values in the warehouse already
	if err := r.conn.QueryRowContext(ctx, "SELECT EXISTS (FROM "+newest+")").Scan(&prior); err != nil {
		return r.fail(fmt.Errorf("%s: find the newest values: %w", p.URI, err))
	}

	view := fmt.Sprintf("%s%d_%d_%d", stagingPrefix, os.Getpid(), r.ID, r.seq)
	inserted, err := r.copyArrow(ctx, sc, view, p.URI+": insert observations", "insert_observations", p.Source, st.PayloadID, vintage, r.ID)
	r.w.log.Debug("load step", "step", "insert observations", "source", p.Source, "rows", inserted, "took", time.Since(start), "waiting_for_decoder", sc.waited)
	if err != nil {
		return err // copyArrow has failed the run with it
	}
	// The stream's own error says what was wrong with the file.
	if werr := stream.Wait(); werr != nil {
		if _, err := r.exec(ctx, p.Source, sqlfiles.Load("delete_payload"), st.PayloadID); err != nil {
			return r.fail(fmt.Errorf("%s: take back the rows of a failed payload: %w", p.URI, err))
		}
		return werr
	}
	stats := stream.Stats()
	if inserted != stats.Accepted {
		// Rows in = loaded + rejected must hold; if the database saw other
		// numbers than the normaliser produced, something was lost.
		return r.fail(fmt.Errorf("%s: inserted %d rows, but the normaliser accepted %d", p.URI, inserted, stats.Accepted))
	}
	if final := stream.Info().Vintage; !final.IsZero() && !final.Equal(vintage) {
		// The decoder said when the release was published only after its
		// first rows: rare, and mended here.
		vintage = final.UTC()
		if _, err := r.exec(ctx, p.Source, sqlfiles.Load("set_vintage"), vintage, st.PayloadID); err != nil {
			return r.fail(fmt.Errorf("%s: set the vintage: %w", p.URI, err))
		}
	}
	st.vintage = vintage
	rd, err := sc.rejected()
	if err != nil {
		return r.fail(fmt.Errorf("%s: %w", p.URI, err))
	}
	if rd != nil {
		n, err := r.copyArrow(ctx, rd, view+"_rejected", p.URI+": insert rejected rows", "insert_rejected", r.ID, st.PayloadID, p.Source, p.URI)
		rd.Release()
		if err != nil {
			return err // copyArrow has failed the run with it
		}
		if n != stats.Rejected {
			return r.fail(fmt.Errorf("%s: kept %d rejected rows, but the normaliser rejected %d", p.URI, n, stats.Rejected))
		}
	}
	if err := r.recordSeries(ctx, st, sc, view+"_series"); err != nil {
		return err // copyArrow has failed the run with it
	}
	st.dups, st.dupsMissing, err = r.rejectDuplicates(ctx, st)
	if err != nil {
		return r.fail(fmt.Errorf("%s: find duplicate rows: %w", p.URI, err))
	}
	st.RowsNew = inserted - st.dups
	if prior {
		n, err := r.exec(ctx, p.Source, replace("delete_unchanged", "{{newest}}", newest), st.PayloadID)
		if err != nil {
			return r.fail(fmt.Errorf("%s: compare with the warehouse: %w", p.URI, err))
		}
		st.RowsNew -= n
	}
	return r.loadTasks(ctx, st, stream.Tasks())
}

// newPayloadID numbers a payload before its rows are inserted: the rows
// carry the number.
func (r *Run) newPayloadID(ctx context.Context, st *Staged) error {
	if err := r.conn.QueryRowContext(ctx, sqlfiles.Load("next_payload_id")).Scan(&st.PayloadID); err != nil {
		return r.fail(fmt.Errorf("%s: new payload id: %w", st.Payload.URI, err))
	}
	return nil
}

// vintage is the payload's vintage: the publication date its decoder
// found, or else the fetch time. If the clock went back since the source's
// last load, a fetch-time vintage would make a revision look older than
// what it revises; vintages then stay in load order, one second after the
// newest.
func (r *Run) vintage(ctx context.Context, p extract.Payload, info extract.Info) (time.Time, error) {
	if !info.Vintage.IsZero() {
		return info.Vintage.UTC(), nil
	}
	vintage := p.FetchedAt
	var last sql.NullTime
	if err := r.conn.QueryRowContext(ctx, sqlfiles.Load("last_vintage"), p.Source).Scan(&last); err != nil {
		return vintage, r.fail(fmt.Errorf("last vintage of %s: %w", p.Source, err))
	}
	if last.Valid && !vintage.After(last.Time) {
		r.w.log.Warn("the clock is behind the source's last vintage; keeping vintages in load order",
			"source", p.Source, "fetched_at", vintage, "last_vintage", last.Time)
		vintage = last.Time.Add(time.Second)
	}
	return vintage, nil
}

// rejectDuplicates moves the later rows of a payload that repeat a series,
// place and period from observations to rejected_rows
// (sql/load/duplicates.sql and the two after it), and says how many there
// were and how many of those had no value.
func (r *Run) rejectDuplicates(ctx context.Context, st *Staged) (n, missing int64, err error) {
	start := time.Now()
	defer func() {
		r.w.log.Debug("load step", "step", "duplicates", "source", st.Payload.Source, "rows", n, "took", time.Since(start))
	}()
	var any bool
	if err := r.conn.QueryRowContext(ctx, sqlfiles.Load("has_duplicates"), st.PayloadID).Scan(&any); err != nil || !any {
		return 0, 0, err
	}
	dups := fmt.Sprintf("chitieu_dups_%d_%d", r.ID, r.seq)
	if _, err := r.conn.ExecContext(ctx, replace("duplicates", "{{dups}}", dups), st.PayloadID); err != nil {
		return 0, 0, err
	}
	defer r.drop(dups)
	rows, err := r.conn.QueryContext(ctx, replace("reject_duplicates", "{{dups}}", dups), r.ID, st.PayloadID, st.Payload.Source, st.Payload.URI)
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		var m bool
		if err := rows.Scan(&m); err != nil {
			rows.Close()
			return 0, 0, err
		}
		n++
		if m {
			missing++
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, 0, err
	}
	deleted, err := r.exec(ctx, st.Payload.Source, replace("delete_duplicates", "{{dups}}", dups), st.PayloadID)
	if err == nil && deleted != n {
		err = fmt.Errorf("rejected %d duplicate rows but took %d out", n, deleted)
	}
	return n, missing, err
}

// record writes the payload's row in sources and, for a loaded payload,
// its new series.
func (r *Run) record(ctx context.Context, st *Staged) error {
	r.staged = append(r.staged, st)
	if r.broken != nil {
		return nil // rolled back anyway; Commit reports the run as failed
	}
	p := st.Payload
	if st.PayloadID == 0 {
		if err := r.newPayloadID(ctx, st); err != nil {
			return err
		}
	}
	if st.vintage.IsZero() {
		st.vintage = p.FetchedAt
	}
	var errText any
	if st.Err != nil {
		errText = st.Err.Error()
	} else if st.AllRejected() {
		errText = st.rejectedMessage()
	}
	var loaded, rowsNew int64
	if st.Status == PayloadLoaded {
		loaded, rowsNew = st.Stats.Accepted, st.RowsNew
	}
	if _, err := r.conn.ExecContext(ctx, sqlfiles.Load("record_source"),
		st.PayloadID, r.ID, p.Source, nullIfEmpty(st.Kind), p.URI, nullIfEmpty(p.SHA256), len64(p), p.FetchedAt, st.vintage,
		p.Sample || st.Info.Sample, nullIfEmpty(st.Info.Title), nullIfEmpty(st.Info.Publisher), string(st.Status),
		st.Stats.Read, loaded, rowsNew, st.Stats.Rejected, errText, jsonText(p.HTTP),
		nullIfEmpty(evidenceOf(p, st.Info)), precedenceOf(p, st.Info)); err != nil {
		return r.fail(fmt.Errorf("%s: record source: %w", p.URI, err))
	}
	if st.Status == PayloadLoaded {
		if err := r.recordPlaces(ctx, st); err != nil {
			return r.fail(fmt.Errorf("%s: %w", p.URI, err))
		}
	}
	return nil
}

// hintMemory adds what to do to DuckDB's out-of-memory error: its own text
// suggests SET statements a chitieu user cannot type.
func (w *Warehouse) hintMemory(err error) error {
	if err == nil || !strings.Contains(err.Error(), "Out of Memory") || strings.Contains(err.Error(), "--memory-limit") {
		return err
	}
	limit := w.memLimit
	if limit == "" {
		limit = "DuckDB's default"
	}
	return fmt.Errorf("%w\nDuckDB ran out of memory within its limit (%s); run again with a larger --memory-limit (e.g. 512MB), or with --threads 1 if more threads were set", err, limit)
}

// copyArrow registers reader as an Arrow view, runs the named statement
// over it (its {{view}} replaced) and drops the view, inside the run's
// transaction, and only then lets the view's memory go. It returns the
// rows the statement affected.
//
// DuckDB's unused-column pruning is off for the statement: duckdb-go's
// Arrow views ignore the columns DuckDB asks for, so a pruned scan reads
// the wrong columns: a `WHERE reject_reason IS NULL` over some of the
// columns matched no row, and the rejected rows' statement, which reads 9
// of the 18 columns, crashed the process (duckdb/duckdb-go#24).
// TestRejectedRowsAcrossBatches fails without this.
//
// disabled_optimizers is a database-wide setting in DuckDB: other
// connections of the same process also run without the pruning while the
// statement runs (loads run one at a time; queries are only slower). It is
// reset on failure too.
func (r *Run) copyArrow(ctx context.Context, reader array.RecordReader, view, what, statement string, args ...any) (int64, error) {
	var release func()
	err := r.conn.Raw(func(dc any) error {
		ar, err := arrowOf(dc)
		if err != nil {
			return err
		}
		release, err = ar.RegisterView(reader, view)
		return err
	})
	var n int64
	set := false
	if err == nil {
		_, err = r.conn.ExecContext(ctx, "SET disabled_optimizers = 'unused_columns'")
		set = err == nil
	}
	if err == nil {
		var res sql.Result
		res, err = r.conn.ExecContext(ctx, replace(statement, "{{view}}", `"`+view+`"`), args...)
		if err == nil {
			n, err = res.RowsAffected()
		}
	}
	if err == nil {
		_, err = r.conn.ExecContext(ctx, "RESET disabled_optimizers")
		set = err != nil
	}
	if err == nil {
		_, err = r.conn.ExecContext(ctx, `DROP VIEW "`+view+`"`)
	}
	if err != nil {
		// The rollback removes the view too: it was created in this
		// transaction, which may no longer take a DROP. The error says
		// which payload and step: it becomes the run's message.
		err = r.fail(fmt.Errorf("%s: %w", what, err))
		if set {
			r.conn.ExecContext(context.WithoutCancel(ctx), "RESET disabled_optimizers")
		}
	}
	if release != nil {
		release()
	}
	return n, err
}

// drop removes a temporary table of the run, if the transaction still
// stands. It is deferred by the steps that create one, so it may run after
// a statement failed but before the caller recorded why; a failed drop is
// therefore only logged, and never becomes the run's error (the temporary
// table goes with the connection anyway).
func (r *Run) drop(table string) {
	if r.broken == nil {
		if _, err := r.conn.ExecContext(context.Background(), "DROP TABLE IF EXISTS "+table); err != nil {
			r.w.log.Debug("could not drop a temporary table", "table", table, "err", err)
		}
	}
}

// Err is the error that failed the run, if any: once set, the caller need
// not fetch or read further sources, since Commit will roll back.
func (r *Run) Err() error { return r.broken }

// exec runs one load statement and logs how long it took (at debug level:
// CHITIEU_LOG_LEVEL=debug), which is where a slow load is diagnosed. It
// returns the rows affected.
func (r *Run) exec(ctx context.Context, source, query string, args ...any) (int64, error) {
	start := time.Now()
	res, err := r.conn.ExecContext(ctx, query, args...)
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	first, _, _ := strings.Cut(strings.TrimSpace(stripComments(query)), "\n")
	r.w.log.Debug("load step", "step", first, "source", source, "rows", n, "took", time.Since(start))
	return n, err
}

// stripComments drops the leading "--" comment lines of a .sql file.
func stripComments(q string) string {
	for strings.HasPrefix(strings.TrimSpace(q), "--") {
		_, q, _ = strings.Cut(strings.TrimSpace(q), "\n")
	}
	return q
}

// replace returns the named load statement with a generated name put in.
func replace(name, placeholder, value string) string {
	return strings.ReplaceAll(sqlfiles.Load(name), placeholder, value)
}

// Commit closes the run: it records the outcome and commits the run's
// transaction, or, if the run failed, rolls it back. It always closes the
// run.
func (r *Run) Commit(ctx context.Context) (*Summary, error) {
	defer r.close()
	sum := &Summary{RunID: r.ID, Sources: r.staged, Started: r.started}
	for _, st := range r.staged {
		sum.Read += st.Stats.Read
		sum.Rejected += st.Stats.Rejected
		switch st.Status {
		case PayloadLoaded:
			sum.Loaded += st.Stats.Accepted
			sum.New += st.RowsNew
			if st.AllRejected() {
				sum.SourcesRejected++
			}
		case PayloadFailed:
			sum.SourcesFailed++
		case PayloadUnchanged:
			sum.SourcesUnchanged++
		}
	}
	sum.Status = RunSucceeded
	switch {
	case len(r.staged) > 0 && sum.SourcesFailed == len(r.staged):
		sum.Status = RunFailed
	case sum.SourcesFailed > 0 || sum.SourcesRejected > 0:
		sum.Status = RunPartial
	}
	sum.Finished = time.Now().UTC()
	err := r.broken
	if err == nil {
		_, err = r.conn.ExecContext(ctx, sqlfiles.Load("run_finish"), sum.Finished, string(sum.Status), len(r.staged), sum.SourcesFailed, sum.SourcesUnchanged,
			sum.Read, sum.Loaded, sum.New, sum.Rejected, nullIfEmpty(failures(r.staged)), r.ID)
	}
	if err == nil {
		start := time.Now()
		_, err = r.conn.ExecContext(ctx, "COMMIT")
		r.w.log.Debug("load step", "step", "commit", "took", time.Since(start))
		if err == nil {
			r.open = false
		}
	}
	if err != nil {
		err = r.fail(err)
		r.markFailed(ctx, err)
		return nil, fmt.Errorf("%s: run %d rolled back, the warehouse is unchanged: %w", r.w.path, r.ID, err)
	}
	return sum, nil
}

// evidenceOf is the kind of evidence a payload's values are: sample data
// whenever the definition or the payload itself says so (an agency
// workbook's "Dữ liệu mẫu: Có"), else what the definition declares.
func evidenceOf(p extract.Payload, info extract.Info) string {
	if p.Sample || info.Sample {
		return "sample"
	}
	return p.Evidence
}

// precedenceOf is the payload's rank among sources of the same value
// (lower wins): what its definition declares, else extract's defaults,
// by which sample data (declared so or saying so itself) ranks last.
func precedenceOf(p extract.Payload, info extract.Info) int {
	switch {
	case p.Precedence != 0:
		return p.Precedence
	case p.Sample || info.Sample:
		return extract.SamplePrecedence
	default:
		return extract.DefaultPrecedence
	}
}

// recordSeries adds the payload's series the warehouse does not know yet,
// from those the scan set aside (sql/load/merge_series.sql).
func (r *Run) recordSeries(ctx context.Context, st *Staged, sc *scan, view string) error {
	start := time.Now()
	rd, err := sc.seriesRead()
	if err != nil {
		return r.fail(fmt.Errorf("%s: record series: %w", st.Payload.URI, err))
	}
	if rd == nil {
		return nil
	}
	defer rd.Release()
	n, err := r.copyArrow(ctx, rd, view, st.Payload.URI+": record series", "merge_series", st.Payload.Source, st.PayloadID)
	r.w.log.Debug("load step", "step", "record series", "source", st.Payload.Source, "rows", n, "took", time.Since(start))
	return err
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
		switch {
		case st.Err != nil:
			msgs = append(msgs, st.Err.Error())
		case st.AllRejected():
			msgs = append(msgs, st.Payload.URI+": "+st.rejectedMessage())
		}
	}
	return strings.Join(msgs, "; ")
}

// Abort ends a run without loading anything, recording why.
func (r *Run) Abort(ctx context.Context, cause error) {
	if cause == nil {
		cause = errors.New("aborted")
	}
	r.fail(cause)
	r.markFailed(ctx, cause)
	r.close()
}

func (r *Run) markFailed(ctx context.Context, cause error) {
	ctx = context.WithoutCancel(ctx)
	if _, err := r.conn.ExecContext(ctx, sqlfiles.Load("run_failed"),
		time.Now().UTC(), cause.Error(), r.ID); err != nil {
		r.w.log.Error("could not record the failed run", "run", r.ID, "err", err)
	}
}

func (r *Run) close() {
	if r.open {
		r.fail(errors.New("closed without a commit"))
	}
	r.conn.Close()
}
