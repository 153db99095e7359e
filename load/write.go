package load

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// WriteOptions say how a writer opens the warehouse.
type WriteOptions struct {
	// Options are DuckDB's limits and the logger; ReadOnly is ignored.
	Options
	// Wait is how long to wait for another writer: a chitieu holding the
	// writer lock, or any other process holding the DuckDB file open.
	Wait time.Duration
	// Poll is how often to look again while waiting; 500ms if 0.
	Poll    time.Duration
	Command string // recorded in the lock, for the messages of other writers
	// Snapshot publishes the readers' snapshot once fn has succeeded.
	Snapshot bool
}

// Written is what Write did after its function succeeded.
type Written struct {
	Snapshot    string // the published snapshot, "" if none was asked for
	SnapshotErr error  // why it was not published; the write itself stands
}

// Write is the one way to change the warehouse at db: every writer (run,
// load, the daemon's jobs, sql --write) goes through it. It takes the
// writer lock (waiting up to opt.Wait for its holder, and failing with a
// message that names it), opens the warehouse for writing, runs fn, closes
// the warehouse so DuckDB checkpoints its WAL, publishes the readers'
// snapshot if asked, and releases the lock. Two hand-written copies of this
// sequence drifted: 'sql --write' took no lock, so a 'run --wait' beside it
// failed at once with DuckDB's raw lock error.
func Write(ctx context.Context, db string, opt WriteOptions, fn func(context.Context, *Warehouse) error) (Written, error) {
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	start := time.Now()
	lock, err := AcquireLock(ctx, db, LockOptions{Wait: opt.Wait, Poll: opt.Poll, Command: opt.Command, Logger: log})
	if err != nil {
		return Written{}, err
	}
	defer func() {
		if err := lock.Release(); err != nil {
			log.Error("release writer lock", "err", err)
		}
	}()
	o := opt.Options
	o.ReadOnly, o.Logger = false, log
	w, err := openWaiting(ctx, db, o, opt.Wait-time.Since(start), opt.Poll)
	if err != nil {
		return Written{}, err
	}
	err = fn(ctx, w)
	// Close before the snapshot: DuckDB checkpoints the WAL into the file.
	if cerr := w.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("close warehouse %s: %w", db, cerr))
	}
	if err != nil {
		return Written{}, err
	}
	var done Written
	if opt.Snapshot {
		done.Snapshot, done.SnapshotErr = PublishSnapshot(ctx, db)
		if done.SnapshotErr != nil {
			log.Error("the warehouse was written but the readers' snapshot was not published", "err", done.SnapshotErr)
		}
	}
	return done, nil
}

// openWaiting opens the warehouse for writing. A process that is not a
// chitieu writer (an analyst's DuckDB session on the warehouse itself)
// holds DuckDB's own file lock without chitieu's; the open is then tried
// again until wait runs out, and the error says who holds the file.
func openWaiting(ctx context.Context, db string, opt Options, wait, poll time.Duration) (*Warehouse, error) {
	if poll <= 0 {
		poll = 500 * time.Millisecond
	}
	deadline := time.Now().Add(wait)
	announced := false
	for {
		w, err := Open(ctx, db, opt)
		if err == nil || !heldByOtherProcess(err) {
			return w, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s is held open by another process, not a chitieu writer (%s); close that session (analysts open %s instead) or pass --wait: %w",
				db, lockHolder(err), SnapshotPath(db), ErrLocked)
		}
		if !announced {
			opt.Logger.Info("waiting for another process to close the warehouse", "db", db, "holder", lockHolder(err), "wait", wait)
			announced = true
		}
		t := time.NewTimer(min(poll, time.Until(deadline)+time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("waiting for %s held by %s: %w", db, lockHolder(err), ctx.Err())
		case <-t.C:
		}
	}
}

// heldByOtherProcess reports DuckDB's error for a file another process has
// open: "IO Error: Could not set lock on file …: Conflicting lock is held in
// /usr/bin/duckdb (PID 4242) by user ana".
func heldByOtherProcess(err error) bool {
	return strings.Contains(err.Error(), "Conflicting lock is held") || strings.Contains(err.Error(), "Could not set lock on file")
}

// lockHolder picks the holder out of DuckDB's lock error ("/usr/bin/duckdb
// (PID 4242) by user ana"), or says it is unknown.
func lockHolder(err error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, "Conflicting lock is held in "); ok {
		after, _, _ = strings.Cut(after, "\n")
		after, _, _ = strings.Cut(after, ". See also")
		return strings.TrimSpace(strings.TrimSuffix(after, "."))
	}
	return "unknown process"
}
