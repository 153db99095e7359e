package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/load"
)

// TestKilledRunLeavesWarehouseWhole builds the real binary, starts 'chitieu
// run' as a child process on a large workbook, SIGKILLs it at several points
// while it loads, and checks each time that the warehouse is exactly as it
// was before the run (or, had the run already committed, exactly as after
// it): same observation count, no staging view left, the run still marked
// running (then interrupted by the next write-open), the readers' snapshot
// untouched, the writer lock left by the dead process taken over, and a
// re-run that succeeds and loads everything.
func TestKilledRunLeavesWarehouseWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and loads a large workbook several times")
	}
	dir := t.TempDir()
	bin := buildChitieu(t, dir)
	writeBigReport(t, filepath.Join(dir, "small.xlsx"), "KPI6_OCOP_IP_SHARE", 3)
	writeBigReport(t, filepath.Join(dir, "big.xlsx"), "KPI5_INNOVATING_ENT_SHARE", 25000)
	sources := filepath.Join(dir, "sources.toml")
	os.WriteFile(sources, []byte("[[source]]\nname = \"small\"\npath = \"small.xlsx\"\n\n[[source]]\nname = \"big\"\npath = \"big.xlsx\"\n"), 0o644)
	run := func(db string, extra ...string) *exec.Cmd {
		args := append([]string{"run", "--db", db, "--sources", sources, "--landing", filepath.Join(dir, "landing")}, extra...)
		return exec.Command(bin, args...)
	}

	// The state before: only the small source loaded. The state after: both.
	before := filepath.Join(dir, "before.duckdb")
	if out, err := run(before, "--only", "small").CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	pre := count(t, before, "SELECT count(*) FROM observations")
	control := filepath.Join(dir, "control.duckdb")
	copyFile(t, before, control)
	start := time.Now()
	if out, err := run(control).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}
	full := count(t, control, "SELECT count(*) FROM observations")
	t.Logf("before the run: %d observations; after it: %d; an uninterrupted run took %s", pre, full, time.Since(start).Round(time.Millisecond))
	if full <= pre {
		t.Fatalf("the big workbook added nothing (%d → %d)", pre, full)
	}

	midway := 0
	for i, delay := range []time.Duration{0, 200 * time.Millisecond, 600 * time.Millisecond, 1200 * time.Millisecond, 2000 * time.Millisecond} {
		db := filepath.Join(dir, fmt.Sprintf("crash%d.duckdb", i))
		copyFile(t, before, db)
		copyFile(t, before, load.SnapshotPath(db))
		cmd := run(db)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The small source is unchanged; the moment the run says so it
		// has the writer lock and its run row, and starts on the big one.
		var rest bytes.Buffer
		sc := bufio.NewScanner(stderr)
		seen := false
		for sc.Scan() {
			if strings.Contains(sc.Text(), "unchanged") {
				seen = true
				break
			}
		}
		go io.Copy(&rest, stderr)
		if !seen {
			cmd.Wait()
			t.Fatalf("kill %d: the run ended before loading: %s", i, rest.String())
		}
		time.Sleep(delay)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		werr := cmd.Wait()
		killed := false
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			killed = true
		}
		if !killed {
			t.Logf("kill %d after %s: the run had already ended (%v)", i, delay, werr)
		}

		// Straight after the kill, read-only (nothing cleans up yet).
		obs := count(t, db, "SELECT count(*) FROM observations")
		views := count(t, db, "SELECT count(*) FROM duckdb_views() WHERE view_name LIKE 'chitieu_arrow_%'")
		var status string
		withWarehouse(t, db, func(w *load.Warehouse) {
			if err := w.DB().QueryRow("SELECT status FROM etl_runs ORDER BY run_id DESC LIMIT 1").Scan(&status); err != nil {
				t.Fatal(err)
			}
		})
		switch {
		case obs == pre && status == "running":
			midway++
		case obs == full && status == "succeeded":
			t.Logf("kill %d after %s: the run had already committed", i, delay)
		default:
			t.Errorf("kill %d after %s: %d observations with the run %s; want %d (before, run running) or %d (after, run succeeded)",
				i, delay, obs, status, pre, full)
		}
		if views != 0 {
			t.Errorf("kill %d: %d staging views left in the file", i, views)
		}
		if n := count(t, load.SnapshotPath(db), "SELECT count(*) FROM observations"); n != pre && n != full {
			t.Errorf("kill %d: the readers' snapshot has %d observations", i, n)
		}
		if status == "running" {
			if _, err := load.ReadLock(db); err != nil {
				t.Errorf("kill %d: no writer lock left by the killed run: %v", i, err)
			}
		}

		// The next run takes over the dead writer's lock, marks its run
		// interrupted, and loads everything.
		out, err := run(db).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "succeeded") {
			t.Fatalf("kill %d: re-run: %v\n%s", i, err, out)
		}
		if status == "running" && !strings.Contains(string(out), "taking over a stale writer lock") {
			t.Errorf("kill %d: the re-run did not say it took over the stale lock:\n%s", i, out)
		}
		if n := count(t, db, "SELECT count(*) FROM observations"); n != full {
			t.Errorf("kill %d: after the re-run %d observations, want %d", i, n, full)
		}
		if status == "running" {
			if n := count(t, db, "SELECT count(*) FROM etl_runs WHERE status = 'interrupted'"); n != 1 {
				t.Errorf("kill %d: %d interrupted runs recorded, want 1", i, n)
			}
		}
		if n := count(t, load.SnapshotPath(db), "SELECT count(*) FROM observations"); n != full {
			t.Errorf("kill %d: the snapshot after the re-run has %d observations, want %d", i, n, full)
		}
		if _, err := os.Stat(load.LockPath(db)); err == nil {
			t.Errorf("kill %d: writer lock left after the re-run", i)
		}
	}
	t.Logf("%d of 5 kills landed while the run was loading", midway)
	if midway == 0 {
		t.Errorf("no kill landed while the run was loading; make the workbook bigger")
	}
}

// writeBigReport writes an agency report workbook in the template with n
// rows of one indicator over six years: the first for Hà Nội, the others
// for made-up places (rejected as unknown places, which is work too: every
// one goes to rejected_rows). Streamed, so a large one is quick to make.
func writeBigReport(t *testing.T, path, code string, n int) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Thông tin")
	for i, kv := range [][]any{{"Tên báo cáo", "Crash test"}, {"Đơn vị báo cáo", "Sở Khoa học và Công nghệ"}, {"Mã đơn vị", "SKHCN"},
		{"Kỳ báo cáo", "Năm 2024"}, {"Ngày báo cáo", "25/11/2024"}, {"Dữ liệu mẫu", "Có"}} {
		f.SetSheetRow("Thông tin", fmt.Sprintf("A%d", i+1), &kv)
	}
	f.NewSheet("Số liệu")
	sw, err := f.NewStreamWriter("Số liệu")
	if err != nil {
		t.Fatal(err)
	}
	header := []any{"Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Địa bàn", "2020", "2021", "2022", "2023", "2024", "2025"}
	if err := sw.SetRow("A1", header); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		row := []any{code, "", "%", ""}
		if i > 0 {
			row[3] = fmt.Sprintf("Xã thử nghiệm %d", i)
		}
		for y := 0; y < 6; y++ {
			row = append(row, float64((i*7+y*3)%90)+0.5)
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func withWarehouse(t *testing.T, db string, fn func(*load.Warehouse)) {
	t.Helper()
	w, err := load.Open(context.Background(), db, load.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	fn(w)
}

func count(t *testing.T, db, q string) int64 {
	t.Helper()
	var n int64
	withWarehouse(t, db, func(w *load.Warehouse) {
		if err := w.DB().QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %s: %v", db, q, err)
		}
	})
	return n
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
