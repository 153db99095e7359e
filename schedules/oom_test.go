package schedules_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
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

// TestManySeriesWithinMemoryLimit loads a file of 400,000 series, each with
// a long code and one value, with DuckDB's memory limit at 40 MB. Recording
// the series ran out of memory ("record series: Out of Memory Error"):
// series had a primary key, whose index DuckDB holds in memory while the
// transaction inserts, and the Go side held every series several times
// over. Now the series go to DuckDB from a spill file and series has no
// index (sql/schema/006_series_unindexed.sql).
func TestManySeriesWithinMemoryLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 400,000 series")
	}
	ctx := context.Background()
	dir := t.TempDir()
	w, err := load.Open(ctx, filepath.Join(dir, "w.duckdb"), load.Options{Logger: quietLog(), Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	const n = 400_000
	file := filepath.Join(dir, "series.csv")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	b := bufio.NewWriter(f)
	b.WriteString("Mã chỉ tiêu,Địa bàn,Năm,Giá trị\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(b, "GIA_TRI_SAN_XUAT_CONG_NGHIEP_THEO_GIA_SO_SANH_2010_NGANH_CAP_II_MA_%06d,Hà Nội,2024,%d.5\n", i, i)
	}
	if err := errors.Join(b.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB().ExecContext(ctx, "SET memory_limit = '40MB'"); err != nil {
		t.Fatal(err)
	}
	p := &schedules.Pipeline{Warehouse: w, Log: quietLog()}
	sum, err := p.LoadFiles(ctx, []string{file}, "many", false)
	if err != nil || sum.Status != "succeeded" {
		t.Fatalf("load of %d series within 40 MB: %+v, %v", n, sum, err)
	}
	var rows, distinct int64
	if err := w.DB().QueryRowContext(ctx, "SELECT count(*), count(DISTINCT series_id) FROM series WHERE source_name = 'many'").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != n || distinct != n {
		t.Errorf("series: %d rows, %d distinct; want %d of each", rows, distinct, n)
	}
	// Loading it again records no series twice.
	other := filepath.Join(dir, "again.csv")
	body, _ := os.ReadFile(file)
	os.WriteFile(other, append(body, "EXTRA_SERIES,Hà Nội,2024,1\n"...), 0o644)
	if _, err := p.LoadFiles(ctx, []string{other}, "many", false); err != nil {
		t.Fatal(err)
	}
	if err := w.DB().QueryRowContext(ctx, "SELECT count(*), count(DISTINCT series_id) FROM series WHERE source_name = 'many'").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != n+1 || distinct != n+1 {
		t.Errorf("after a second load: %d rows, %d distinct; want %d of each", rows, distinct, n+1)
	}
}
