package schedules_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/schedules"
)

// TestProgressSteps checks the steps a run reports, in order, for the
// progress bar: one per source or file, then the load.
func TestProgressSteps(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	dir := t.TempDir()
	a := writeReport(t, dir, "a.xlsx", []excel.ReportRow{{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: []any{44.0}}})
	b := writeReport(t, dir, "b.xlsx", []excel.ReportRow{{Code: "KPI6_OCOP_IP_SHARE", Unit: "%", Values: []any{27.0}}})
	var steps []string
	p := &schedules.Pipeline{Warehouse: w, Progress: func(step string, done, total int) {
		steps = append(steps, fmt.Sprintf("%s %d/%d", step, done, total))
	}}
	if _, err := p.LoadFiles(ctx, []string{a, b}, "", false); err != nil {
		t.Fatal(err)
	}
	want := []string{"reading a.xlsx 0/2", "reading b.xlsx 1/2", "loading into the warehouse 2/2"}
	if !slices.Equal(steps, want) {
		t.Errorf("load steps %q, want %q", steps, want)
	}

	steps = nil
	cfg, err := schedules.LoadConfig(filepath.Join("sources.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(ctx, cfg, cfg.Sources[:2], "test", ""); err != nil {
		t.Fatal(err)
	}
	want = []string{"reading " + cfg.Sources[0].Name + " 0/2", "reading " + cfg.Sources[1].Name + " 1/2", "loading into the warehouse 2/2"}
	if !slices.Equal(steps, want) {
		t.Errorf("run steps %q, want %q", steps, want)
	}
}

// TestProgressRows: within one large file the run says how many rows it has
// read so far, batch by batch, so a single file does not sit at 0/1 until
// it is done.
func TestProgressRows(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	big := filepath.Join(t.TempDir(), "big.csv")
	writeLongCSV(t, big, 50_000, "S")
	var counts []int64
	p := &schedules.Pipeline{Warehouse: w, Log: quietLog(), Rows: func(n int64) { counts = append(counts, n) }}
	sum, err := p.LoadFiles(ctx, []string{big}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) < 3 || !slices.IsSorted(counts) || counts[len(counts)-1] != sum.Read {
		t.Errorf("row counts %v; want several, rising to the %d rows read", counts, sum.Read)
	}
}
