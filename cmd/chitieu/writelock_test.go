package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/load"
)

// TestSQLWriteTakesTheWriterLock: 'sql --write' is a writer like any other.
// While another chitieu holds <db>.lock it fails naming the holder; with
// --wait it queues behind it, and afterwards the readers' snapshot shows
// its change.
func TestSQLWriteTakesTheWriterLock(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := load.Open(ctx, db, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	lock, err := load.AcquireLock(ctx, db, load.LockOptions{Command: "chitieu run (the other writer)"})
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := chitieu(t, "", "sql", "--db", db, "--write", "CREATE TABLE notes (x INTEGER)")
	if code != 1 || !strings.Contains(errOut, "chitieu run (the other writer)") || !strings.Contains(errOut, "another chitieu is writing") {
		t.Fatalf("sql --write beside a writer: exit %d\n%s%s", code, out, errOut)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		lock.Release()
	}()
	start := time.Now()
	code, out, errOut = chitieu(t, "", "sql", "--db", db, "--write", "--wait", "10s", "CREATE TABLE notes (x INTEGER)")
	if code != 0 || time.Since(start) < 250*time.Millisecond {
		t.Fatalf("sql --write --wait: exit %d after %s\n%s%s", code, time.Since(start), out, errOut)
	}
	if _, err := load.ReadLock(db); err == nil {
		t.Error("sql --write left its lock behind")
	}
	code, out, errOut = chitieu(t, "", "sql", "--db", load.SnapshotPath(db), "--format", "csv", "SELECT count(*) AS n FROM notes")
	if code != 0 || out != "n\n0\n" {
		t.Errorf("the snapshot does not have sql --write's change: exit %d\n%s%s", code, out, errOut)
	}
}
