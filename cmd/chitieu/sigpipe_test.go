package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hanoi-sti/chitieu/load"
)

// TestClosedPipeDoesNotStopARun builds the real binary and runs it with its
// standard output and error on a pipe whose reader has gone ('chitieu run
// 2>&1 | head -1'): the run must finish and commit, not die of SIGPIPE
// midway with its run interrupted and its lock left behind.
func TestClosedPipeDoesNotStopARun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := buildChitieu(t, dir)
	db := filepath.Join(dir, "w.duckdb")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader is gone before the first line
	cmd := exec.Command(bin, "run", "--db", db, "--sources", filepath.Join("..", "..", "schedules", "sources.toml"),
		"--landing", filepath.Join(dir, "landing"))
	cmd.Stdout, cmd.Stderr = w, w
	err = cmd.Run()
	w.Close()
	if err != nil {
		t.Errorf("chitieu run on a closed pipe: %v (want exit 0)", err)
	}
	if _, err := load.ReadLock(db); err == nil {
		t.Error("the writer lock was left behind")
	}
	if got := count(t, db, "SELECT count(*) FROM etl_runs WHERE status = 'succeeded'"); got != 1 {
		t.Errorf("%d succeeded runs, want 1", got)
	}
}

// buildChitieu builds the real binary into dir, for the tests that run it as
// a child process.
func buildChitieu(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "chitieu")
	if out, err := exec.Command("go", "build", "-tags", "duckdb_arrow", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
