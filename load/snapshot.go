package load

// Snapshots for readers. DuckDB allows one process to hold a file for
// writing, and while it does no other process can open that file even
// read-only; conversely an analyst's read-only session on the warehouse makes
// the next refresh fail to open it. So analysts do not open the warehouse
// itself: after every committed run the writer publishes a copy,
// <db>.snapshot.duckdb, and readers open that (duckdb -readonly
// chitieu.duckdb.snapshot.duckdb).
//
// Publishing is atomic: the warehouse is closed first (DuckDB checkpoints its
// WAL into the file on Close, so the file alone is complete), copied to a
// temporary file in the same directory, fsynced, opened read-only once to
// prove it is a valid warehouse, and renamed over the old snapshot; then the
// directory is fsynced. A reader that has the old snapshot open keeps reading
// the old inode until it reopens; a reader opening at any moment gets either
// the old or the new snapshot, never a partial file. A crash mid-copy leaves
// only a temporary file, which the next publish removes.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	sqlfiles "github.com/hanoi-sti/chitieu/sql"
)

// SnapshotPath is the read-only copy of the warehouse at db that readers open.
func SnapshotPath(db string) string {
	return strings.TrimSuffix(db, ".duckdb") + ".snapshot.duckdb"
}

// PublishSnapshot copies the closed warehouse at db to its snapshot path
// atomically and returns that path. The caller must hold the writer lock and
// must have closed the warehouse, so that its WAL is checkpointed and nothing
// writes it during the copy.
func PublishSnapshot(ctx context.Context, db string) (string, error) {
	if _, err := os.Stat(db + ".wal"); err == nil {
		return "", fmt.Errorf("publish snapshot of %s: a WAL file is present; close the warehouse first", db)
	}
	dst := SnapshotPath(db)
	dir := filepath.Dir(dst)
	if old, _ := filepath.Glob(filepath.Join(dir, filepath.Base(dst)+".tmp-*")); len(old) > 0 {
		for _, f := range old {
			os.Remove(f) // left by a publish that was killed
		}
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(dst)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("publish snapshot: %w", err)
	}
	tmpName := tmp.Name()
	ok := false
	// CreateTemp makes the file 0600: readable by the writer's user only,
	// while the README sends every analyst to the snapshot. It gets the
	// warehouse's own permissions: whoever may read the warehouse may read
	// its snapshot.
	if fi, err := os.Stat(db); err == nil {
		err = tmp.Chmod(fi.Mode().Perm())
		if err != nil {
			tmp.Close()
			os.Remove(tmpName)
			return "", fmt.Errorf("publish snapshot: %w", err)
		}
	}
	defer func() {
		if !ok {
			os.Remove(tmpName)
		}
	}()
	src, err := os.Open(db)
	if err != nil {
		tmp.Close()
		return "", fmt.Errorf("publish snapshot: %w", err)
	}
	_, err = io.Copy(tmp, readerWithContext{ctx, src})
	src.Close()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("publish snapshot of %s: %w", db, err)
	}
	if err := checkSnapshot(ctx, tmpName); err != nil {
		return "", fmt.Errorf("publish snapshot of %s: the copy does not open: %w", db, err)
	}
	if err := os.Rename(tmpName, dst); err != nil {
		return "", fmt.Errorf("publish snapshot: %w", err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil && !errors.Is(err, os.ErrInvalid) {
			return dst, fmt.Errorf("publish snapshot: sync %s: %w", dir, err)
		}
	}
	return dst, nil
}

// checkSnapshot opens the copy read-only and reads from it, so a bad copy
// is never published.
func checkSnapshot(ctx context.Context, path string) error {
	w, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer w.Close()
	var n int64
	return w.db.QueryRowContext(ctx, sqlfiles.Load("count_runs")).Scan(&n)
}

// readerWithContext stops a long copy when the context is cancelled.
type readerWithContext struct {
	ctx context.Context
	r   io.Reader
}

func (r readerWithContext) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// Busy says why OpenReader opened the readers' snapshot instead of the
// warehouse itself.
type Busy struct {
	Snapshot string // the snapshot that was opened
	Holder   string // who holds the warehouse, from the writer lock; "another process" if it says nothing
	Err      error  // DuckDB's refusal to open the warehouse
}

// OpenReader is the one way to open the warehouse at db for reading: the
// commands that read (kpi, runs, export, report, sql) and the daemon's
// catch-up all use it. It opens db read-only; while a writer holds it
// DuckDB refuses even that, so the readers' snapshot of the last committed
// run is opened instead and busy says so (the caller tells its user in its
// own way). An absent warehouse, or a busy one without a snapshot, gives
// the warehouse's own error. opt.ReadOnly is ignored.
func OpenReader(ctx context.Context, db string, opt Options) (w *Warehouse, busy *Busy, err error) {
	opt.ReadOnly = true
	w, err = Open(ctx, db, opt)
	if err == nil {
		return w, nil, nil
	}
	snap := SnapshotPath(db)
	if _, serr := os.Stat(db); errors.Is(serr, os.ErrNotExist) {
		return nil, nil, err
	}
	if _, serr := os.Stat(snap); serr != nil {
		return nil, nil, err
	}
	sw, serr := Open(ctx, snap, opt)
	if serr != nil {
		return nil, nil, err
	}
	holder := "another process"
	if h, lerr := ReadLock(db); lerr == nil {
		holder = h.String()
	}
	return sw, &Busy{Snapshot: snap, Holder: holder, Err: err}, nil
}
