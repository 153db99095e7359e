package schedules_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
)

// TestRunErrorSaidOnce: an error of DuckDB itself (here out of memory) fails
// the run; it is said once, in the error the caller prints, not again in
// each log line on the way (it was printed three times).
func TestRunErrorSaidOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := load.Open(ctx, filepath.Join(dir, "w.duckdb"), load.Options{Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	big := filepath.Join(dir, "big.csv")
	writeLongCSV(t, big, 200_000, "S")
	// 20MB: enough for the run's bookkeeping (at 12MB recording the run
	// itself failed once the warehouse held the places and more views),
	// too little for 200,000 rows.
	if _, err := w.DB().ExecContext(ctx, "SET memory_limit = '20MB'"); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	p := &schedules.Pipeline{Warehouse: w, Log: slog.New(slog.NewTextHandler(&logs, nil))}
	_, err = p.LoadFiles(ctx, []string{big, big + ".again"}, "big", false)
	if err == nil || !strings.Contains(err.Error(), "Out of Memory") {
		t.Fatalf("a load within 20MB: %v; want DuckDB's out-of-memory error\n%s", err, logs.String())
	}
	if n := strings.Count(logs.String(), "Out of Memory"); n != 0 {
		t.Errorf("the logs repeat the run's error %d times:\n%s", n, logs.String())
	}
	if n := strings.Count(err.Error(), "Out of Memory Error"); n != 1 {
		t.Errorf("the error says it %d times: %v", n, err)
	}
	if !strings.Contains(logs.String(), "big.csv") {
		t.Errorf("the logs do not name the file that failed:\n%s\nerror: %v", logs.String(), err)
	}
}
