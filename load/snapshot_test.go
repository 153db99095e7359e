package load

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"strings"
)

func countRuns(t *testing.T, w *Warehouse) int64 {
	t.Helper()
	var n int64
	if err := w.DB().QueryRow(`SELECT count(*) FROM etl_runs`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// addRun writes the warehouse at db: one more committed (empty) run.
func addRun(t *testing.T, db string) {
	t.Helper()
	ctx := context.Background()
	w, err := Open(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := w.BeginRun(ctx, "test", "snapshot test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSnapshotReadersKeepWorking: a reader with the snapshot open keeps
// reading the version it opened while a new one is published; a reader that
// opens afterwards sees the new one; no temporary file is left.
func TestSnapshotReadersKeepWorking(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	addRun(t, db)
	snap, err := PublishSnapshot(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if snap != filepath.Join(dir, "w.snapshot.duckdb") {
		t.Errorf("snapshot at %s", snap)
	}
	reader, err := Open(ctx, snap, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if n := countRuns(t, reader); n != 1 {
		t.Fatalf("snapshot has %d runs, want 1", n)
	}

	// The writer can write the warehouse while the snapshot is open, and
	// publish again.
	addRun(t, db)
	addRun(t, db)
	if _, err := PublishSnapshot(ctx, db); err != nil {
		t.Fatal(err)
	}
	if n := countRuns(t, reader); n != 1 {
		t.Errorf("the open reader now sees %d runs; it should keep its version (1)", n)
	}
	// DuckDB shares one database instance per path within a process, so a
	// new reader here is only new once the old one is closed; a reader in
	// another process (an analyst's session) sees the new file at once.
	reader.Close()
	fresh, err := Open(ctx, snap, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if n := countRuns(t, fresh); n != 3 {
		t.Errorf("a new reader sees %d runs, want 3", n)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestSnapshotNeverPartial: a publish killed mid-copy leaves a temporary
// file and the old snapshot intact; the next publish removes the leftover.
// A copy that is not a warehouse is never published.
func TestSnapshotNeverPartial(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	addRun(t, db)
	snap, err := PublishSnapshot(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	leftover := snap + ".tmp-123"
	os.WriteFile(leftover, []byte("half a copy"), 0o644)
	if _, err := PublishSnapshot(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(leftover); err == nil {
		t.Error("leftover temporary snapshot not removed")
	}

	// A corrupt source file: the publish fails and the old snapshot stays.
	bad := filepath.Join(dir, "bad.duckdb")
	os.WriteFile(bad, []byte("not a database"), 0o644)
	badSnap := SnapshotPath(bad)
	os.WriteFile(badSnap, []byte("previous"), 0o644)
	if _, err := PublishSnapshot(ctx, bad); err == nil {
		t.Fatal("published a snapshot of a file that is not a warehouse")
	}
	if b, _ := os.ReadFile(badSnap); string(b) != "previous" {
		t.Errorf("the previous snapshot was replaced by %q", b)
	}
}

// TestSnapshotHasTheWarehouseMode: the snapshot analysts are told to open
// is readable by whoever may read the warehouse (it was created 0600).
func TestSnapshotHasTheWarehouseMode(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	addRun(t, db)
	for _, mode := range []os.FileMode{0o644, 0o640} {
		if err := os.Chmod(db, mode); err != nil {
			t.Fatal(err)
		}
		snap, err := PublishSnapshot(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(snap)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != mode {
			t.Errorf("warehouse %v: snapshot %v", mode, got)
		}
	}
}

// TestOpenReaderFallsBackToSnapshot: while a writer holds the warehouse
// (here an open read-write instance, which DuckDB will not open again
// read-only) OpenReader opens the snapshot and says who holds the
// warehouse; without a snapshot, or without a warehouse, it fails with the
// warehouse's own error.
func TestOpenReaderFallsBackToSnapshot(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")

	if _, _, err := OpenReader(ctx, db, Options{}); err == nil {
		t.Fatal("OpenReader on an absent warehouse: no error")
	}
	addRun(t, db)
	r, busy, err := OpenReader(ctx, db, Options{})
	if err != nil || busy != nil {
		t.Fatalf("idle warehouse: busy %v, err %v; want the warehouse itself", busy, err)
	}
	r.Close()

	lock, err := AcquireLock(ctx, db, LockOptions{Command: "chitieu run"})
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	writer, err := Open(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if _, _, err := OpenReader(ctx, db, Options{}); err == nil {
		t.Fatal("busy warehouse without a snapshot: no error")
	}
	if err := os.WriteFile(SnapshotPath(db), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := OpenReader(ctx, db, Options{}); err == nil {
		t.Fatal("busy warehouse with a snapshot that is no warehouse: no error")
	}
	os.Remove(SnapshotPath(db))

	// Publish as a writer would (a copy of the closed file).
	snapDB := filepath.Join(t.TempDir(), "w.duckdb")
	addRun(t, snapDB)
	if _, err := PublishSnapshot(ctx, snapDB); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(SnapshotPath(snapDB), SnapshotPath(db)); err != nil {
		t.Fatal(err)
	}
	r, busy, err = OpenReader(ctx, db, Options{})
	if err != nil {
		t.Fatalf("busy warehouse with a snapshot: %v", err)
	}
	defer r.Close()
	if busy == nil || busy.Snapshot != SnapshotPath(db) || busy.Err == nil {
		t.Fatalf("busy = %+v, want the snapshot %s and the warehouse's error", busy, SnapshotPath(db))
	}
	if !strings.Contains(busy.Holder, "chitieu run") {
		t.Errorf("holder %q does not name the lock's command", busy.Holder)
	}
	if n := countRuns(t, r); n != 1 {
		t.Errorf("the snapshot has %d runs, want 1", n)
	}
}
