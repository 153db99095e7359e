package schedules_test

// Faults of the machine rather than of the input: the disk filling up
// during a load, a warehouse file that cannot be written, a landing area
// that is gone, a clock that jumps. In each the warehouse must end either as
// it was or with the whole run in, never half of it, and it must open again.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/landing"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
)

// faultEnv tells the test binary, re-executed by a fault test, to run one
// load under a file-size limit (see TestFaultChild).
const faultEnv = "CHITIEU_FAULT_CHILD"

// writeLongCSV writes rows distinct observations as a long CSV.
func writeLongCSV(t *testing.T, path string, rows int, series string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("Mã chỉ tiêu,Địa bàn,Năm,Giá trị\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(w, "%s%04d,Hà Nội,%d,%d.5\n", series, i%1000, 1925+i/1000, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// warehouseState opens the warehouse again (which must work) and returns
// its data counts and the runs still marked running.
func warehouseState(t *testing.T, path string) (counts string, running int64) {
	t.Helper()
	w, err := load.Open(context.Background(), path, load.Options{Logger: quietLog()})
	if err != nil {
		t.Fatalf("the warehouse does not open after the fault: %v", err)
	}
	defer w.Close()
	return dataCounts(t, w), scalar(t, w, "SELECT count(*) FROM etl_runs WHERE status = 'running'")
}

// TestDiskFullWhileLoading fills the disk in the middle of a load: on a
// tmpfs with 1 MB free when the test runs as root (a real ENOSPC), otherwise under
// RLIMIT_FSIZE in a child process (EFBIG; CHITIEU_FAULT_NO_TMPFS=1 forces
// that path as root too). The load must fail with an
// error, and the warehouse must open afterwards with either none or all of
// the run in it.
func TestDiskFullWhileLoading(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tmpfs := false
	if os.Geteuid() == 0 && os.Getenv("CHITIEU_FAULT_NO_TMPFS") == "" {
		if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", dir).Run(); err == nil {
			tmpfs = true
			t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
		}
	}
	db := filepath.Join(dir, "w.duckdb")
	w, err := load.Open(ctx, db, load.Options{Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(t.TempDir(), "good.xlsx")
	os.WriteFile(good, goodReport(t), 0o644)
	p := &schedules.Pipeline{Warehouse: w, Log: quietLog()}
	if sum, err := p.LoadFiles(ctx, []string{good}, "baseline", false); err != nil || sum.Status != "succeeded" {
		t.Fatalf("baseline: %+v %v", sum, err)
	}
	before := dataCounts(t, w)
	w.Close()
	big := filepath.Join(t.TempDir(), "big.csv") // the input is not on the small disk
	writeLongCSV(t, big, 100_000, "S")

	var loadErr string
	if tmpfs {
		// Leave 1 MB free: room to open, not for 100,000 rows.
		used := dirSize(t, dir)
		if err := exec.Command("mount", "-o", fmt.Sprintf("remount,size=%dk", used/1024+1024), dir).Run(); err != nil {
			t.Fatal(err)
		}
		w, err := load.Open(ctx, db, load.Options{Logger: quietLog()})
		if err != nil {
			t.Fatal(err)
		}
		p := &schedules.Pipeline{Warehouse: w, Log: quietLog()}
		sum, err := p.LoadFiles(ctx, []string{big}, "big", false)
		switch {
		case err != nil:
			loadErr = err.Error()
		case sum.Status != "succeeded":
			loadErr = string(sum.Status) + ": " + fmt.Sprint(sum.Sources[0].Err)
		}
		w.Close()
		// Room again, as after the operator frees space.
		if err := exec.Command("mount", "-o", "remount,size=256m", dir).Run(); err != nil {
			t.Fatal(err)
		}
	} else {
		fi, _ := os.Stat(db)
		limit := fi.Size() + 256<<10
		cmd := exec.Command(os.Args[0], "-test.run=^TestFaultChild$", "-test.v")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d|%s|%s", faultEnv, limit, db, big))
		out, _ := cmd.CombinedOutput()
		res := string(out)
		if i := strings.Index(res, "RESULT "); i >= 0 {
			res = res[i+len("RESULT "):]
		}
		if !strings.HasPrefix(res, "ok") {
			loadErr = res
		}
	}
	if loadErr == "" {
		t.Fatal("the load succeeded on a full disk; the test's disk is not small enough")
	}
	if !strings.Contains(loadErr, "space") && !strings.Contains(loadErr, "too large") && !strings.Contains(loadErr, "File too large") {
		t.Errorf("error %q does not say the disk is full", loadErr)
	}
	t.Logf("load on a full disk: %.300s", loadErr)
	after, running := warehouseState(t, db)
	if after != before {
		t.Errorf("the warehouse changed: %s → %s", before, after)
	}
	if running != 0 {
		t.Errorf("%d runs still marked running after reopening", running)
	}
}

// TestFaultChild is the child of TestDiskFullWhileLoading without root: it
// loads a file under RLIMIT_FSIZE and prints the outcome.
func TestFaultChild(t *testing.T) {
	spec := os.Getenv(faultEnv)
	if spec == "" {
		t.Skip("runs only as the child of a fault test")
	}
	parts := strings.SplitN(spec, "|", 3)
	limit, _ := strconv.ParseUint(parts[0], 10, 64)
	signal.Ignore(syscall.SIGXFSZ) // write() then fails with EFBIG instead of killing the process
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	w, err := load.Open(ctx, parts[1], load.Options{Logger: quietLog()})
	if err != nil {
		fmt.Println("RESULT open:", err)
		return
	}
	defer w.Close()
	p := &schedules.Pipeline{Warehouse: w, Log: quietLog()}
	sum, err := p.LoadFiles(ctx, []string{parts[2]}, "big", false)
	switch {
	case err != nil:
		fmt.Println("RESULT", err)
	case sum.Status != "succeeded":
		fmt.Println("RESULT", sum.Status, sum.Sources[0].Err)
	default:
		fmt.Println("RESULT ok")
	}
}

// TestReadOnlyWarehouse: a warehouse file that cannot be written gives an
// error naming the file, leaves the file as it was, and can still be
// queried read-only. Root ignores file modes, so as root the file is made
// immutable (chattr +i) instead.
func TestReadOnlyWarehouse(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := load.Open(ctx, db, load.Options{Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(t.TempDir(), "good.xlsx")
	os.WriteFile(good, goodReport(t), 0o644)
	if sum, err := (&schedules.Pipeline{Warehouse: w, Log: quietLog()}).LoadFiles(ctx, []string{good}, "baseline", false); err != nil || sum.Status != "succeeded" {
		t.Fatalf("baseline: %+v %v", sum, err)
	}
	before := dataCounts(t, w)
	w.Close()
	sumBefore := fileSum(t, db)
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chattr", "+i", db).CombinedOutput(); err != nil {
			t.Skipf("root, and chattr +i is not available here: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", db).Run() })
	} else {
		os.Chmod(db, 0o444)
	}

	w, err = load.Open(ctx, db, load.Options{Logger: quietLog()})
	if err == nil {
		// Opened (DuckDB may open for reading first): the load must fail.
		other := filepath.Join(t.TempDir(), "other.csv")
		writeLongCSV(t, other, 100, "R")
		sum, lerr := (&schedules.Pipeline{Warehouse: w, Log: quietLog()}).LoadFiles(ctx, []string{other}, "other", false)
		w.Close()
		if lerr == nil && sum.Status == "succeeded" {
			t.Fatal("loaded into a read-only warehouse file")
		}
		err = lerr
	}
	if err == nil || !strings.Contains(err.Error(), db) {
		t.Errorf("error %v; want one naming %s", err, db)
	}
	t.Logf("read-only warehouse: %v", err)
	if fileSum(t, db) != sumBefore {
		t.Error("the read-only file changed")
	}
	// Queries still work on the read-only file.
	r, err := load.Open(ctx, db, load.Options{ReadOnly: true, Logger: quietLog()})
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	defer r.Close()
	if after := dataCounts(t, r); after != before {
		t.Errorf("counts %s, want %s", after, before)
	}
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d:%x", len(b), b[len(b)/2:len(b)/2+64])
}

// TestLandingAreaMissing: the landing directory removed between runs. An
// offline run says so per source and loads nothing; an online run fetches
// and lands again.
func TestLandingAreaMissing(t *testing.T) {
	ctx := context.Background()
	body := "Mã chỉ tiêu,Địa bàn,Năm,Giá trị\nGRDP,Hà Nội,2022,1196\nGRDP,Hà Nội,2023,1286\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		io.WriteString(w, body)
	}))
	defer srv.Close()
	w := openWarehouse(t)
	dir := filepath.Join(t.TempDir(), "landing")
	src := []schedules.SourceDef{{Name: "grdp", URL: srv.URL + "/grdp.csv"}}
	p := &schedules.Pipeline{Warehouse: w, Log: quietLog(), Landing: &landing.Store{Dir: dir}, Offline: true}

	before := dataCounts(t, w)
	sum, err := p.Run(ctx, &schedules.Config{}, src, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Status != "failed" || sum.Sources[0].Err == nil || !strings.Contains(sum.Sources[0].Err.Error(), "grdp") ||
		!strings.Contains(sum.Sources[0].Err.Error(), "offline") {
		t.Fatalf("offline without a landing area: status %s, error %v", sum.Status, sum.Sources[0].Err)
	}
	if after := dataCounts(t, w); after != before {
		t.Errorf("the warehouse changed: %s → %s", before, after)
	}

	p.Offline = false
	sum, err = p.Run(ctx, &schedules.Config{}, src, "test", "")
	if err != nil || sum.Status != "succeeded" || sum.New != 2 {
		t.Fatalf("online run with the landing area missing: %+v %v", sum, err)
	}
	if _, _, err := (landing.Store{Dir: dir}).Latest("grdp"); err != nil {
		t.Errorf("the online run did not land its payload again: %v", err)
	}
	// Removed again between runs: offline fails again, loudly, and nothing changes.
	os.RemoveAll(dir)
	before = dataCounts(t, w)
	p.Offline = true
	if sum, err = p.Run(ctx, &schedules.Config{}, src, "test", ""); err != nil || sum.Status != "failed" {
		t.Fatalf("offline after removal: %+v %v", sum, err)
	}
	if after := dataCounts(t, w); after != before {
		t.Errorf("the warehouse changed: %s → %s", before, after)
	}
}

// TestClockJumps: the clock jumps back (NTP correction, a VM restored from
// a snapshot) between two loads of a source whose payloads carry no
// vintage of their own, so the fetch time is the vintage. Nothing may be
// lost: both vintages are kept and a reader can always see the revision.
func TestClockJumps(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t)
	dir := t.TempDir()
	first := filepath.Join(dir, "grdp-v1.csv")
	os.WriteFile(first, []byte("Mã chỉ tiêu,Địa bàn,Năm,Giá trị\nGRDP,Hà Nội,2022,1196\nGRDP,Hà Nội,2023,1286\n"), 0o644)
	revised := filepath.Join(dir, "grdp-v2.csv")
	os.WriteFile(revised, []byte("Mã chỉ tiêu,Địa bàn,Năm,Giá trị\nGRDP,Hà Nội,2022,1196\nGRDP,Hà Nội,2023,1290\nGRDP,Hà Nội,2024,1381\n"), 0o644)

	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	p := &schedules.Pipeline{Warehouse: w, Log: quietLog(), Now: func() time.Time { return now }}
	if sum, err := p.LoadFiles(ctx, []string{first}, "grdp", false); err != nil || sum.New != 2 {
		t.Fatalf("first load: %+v %v", sum, err)
	}
	now = now.Add(-400 * 24 * time.Hour) // back to May 2024
	sum, err := p.LoadFiles(ctx, []string{revised}, "grdp", false)
	if err != nil || sum.Status != "succeeded" {
		t.Fatalf("load after the clock jumped back: %+v %v", sum, err)
	}
	// Nothing lost: all three rows are read (2024 is within the wrong clock's
	// year + 1), and the unchanged 2022 value is not stored twice.
	if sum.Read != 3 || sum.Read != sum.Loaded+sum.Rejected {
		t.Errorf("read %d = loaded %d + rejected %d", sum.Read, sum.Loaded, sum.Rejected)
	}
	if n := scalar(t, w, "SELECT count(*) FROM observations WHERE series_id = 'grdp/GRDP' AND year(period_start) = 2023"); n != 2 {
		t.Errorf("%d vintages of 2023 kept, want both", n)
	}
	var latest float64
	if err := w.DB().QueryRow(`SELECT value FROM observations_latest WHERE series_id = 'grdp/GRDP' AND year(period_start) = 2023`).Scan(&latest); err != nil {
		t.Fatal(err)
	}
	if latest != 1290 {
		// Was a bug: the revision's vintage (its fetch time) came out older
		// than the first load's, so the old value stayed "latest". Fetch-time
		// vintages are now kept in load order.
		t.Errorf("after the clock jumped back, observations_latest shows %v for 2023, want the revised 1290", latest)
	}
}

func dirSize(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}
