package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/load"
)

// TestScheduleCommands drives the scheduling commands as a user would: the
// job list, one job now, the run history, source freshness, and a second
// writer refused with the holder's name while the lock is held.
func TestScheduleCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	jobs := filepath.Join("..", "..", "schedules", "jobs.toml")

	code, out, errOut := chitieu(t, "", "schedule", "--list", "--jobs", jobs)
	if code != 0 || strings.Count(out, "next: ") != 4 || !strings.Contains(out, "monthly-refresh") || !strings.Contains(out, "+07:00") {
		t.Fatalf("schedule --list: exit %d\n%s%s", code, out, errOut)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "  next: ") && strings.Count(line, "|") != 2 {
			t.Errorf("not three run times: %q", line)
		}
	}
	code, _, errOut = chitieu(t, "", "schedule", "--once", "no-such-job", "--jobs", jobs, "--db", db)
	if code != 2 || !strings.Contains(errOut, `no job named "no-such-job"`) {
		t.Errorf("unknown job: exit %d: %s", code, errOut)
	}

	code, out, errOut = chitieu(t, "", "schedule", "--once", "h1-reports", "--jobs", jobs, "--db", db, "--landing", t.TempDir())
	if code != 0 || !strings.Contains(out, "run 1 succeeded: 3 sources") || !strings.Contains(out, "readers' snapshot: "+load.SnapshotPath(db)) {
		t.Fatalf("schedule --once: exit %d\n%s%s", code, out, errOut)
	}
	// An analyst has the snapshot open while the next run writes the
	// warehouse and publishes a new snapshot: neither blocks the other.
	reader, err := load.Open(context.Background(), load.SnapshotPath(db), load.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut = chitieu(t, "", "run", "--db", db, "--sources", filepath.Join("..", "..", "schedules", "sources.toml"), "--landing", t.TempDir())
	if code != 0 {
		t.Fatalf("run while a reader has the snapshot open: exit %d\n%s%s", code, out, errOut)
	}
	var n int
	if err := reader.DB().QueryRow("SELECT count(*) FROM kpi_status").Scan(&n); err != nil || n == 0 {
		t.Errorf("the reader's session broke during the run: %d rows, %v", n, err)
	}
	reader.Close()

	code, out, errOut = chitieu(t, "", "runs", "--db", db, "--last", "1")
	if code != 0 || !strings.Contains(out, "run 2  manual") || strings.Contains(out, "run 1 ") ||
		strings.Count(out, "unchanged  skipped: these bytes were loaded before") != 3 {
		t.Errorf("runs --last 1: exit %d\n%s%s", code, out, errOut)
	}
	// skhcn-report: 80 values and 7 task rows.
	code, out, _ = chitieu(t, "", "runs", "--db", db)
	if code != 0 || !strings.Contains(out, "run 1  h1-reports       succeeded") || !strings.Contains(out, "chitieu schedule (once)") ||
		!strings.Contains(out, "skhcn-report         loaded     read 87  loaded 87  rejected 0  new 87") {
		t.Errorf("runs:\n%s", out)
	}

	code, out, errOut = chitieu(t, "", "sources", "--db", db, "--jobs", jobs)
	if code != 0 || strings.Count(out, "fresh (sample data)") != 10 || !strings.Contains(out, "2024-11-25") || !strings.Contains(out, "31d") {
		t.Errorf("sources: exit %d\n%s%s", code, out, errOut)
	}

	// Another writer holds the lock: a run fails at once naming it, or
	// waits and then gives up saying so.
	lock, err := load.AcquireLock(context.Background(), db, load.LockOptions{Command: "chitieu schedule (scheduled)"})
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut = chitieu(t, "", "run", "--db", db, "--sources", filepath.Join("..", "..", "schedules", "sources.toml"))
	if code != 1 || !strings.Contains(errOut, "another chitieu is writing the warehouse") || !strings.Contains(errOut, "chitieu schedule (scheduled)") ||
		!strings.Contains(errOut, "--wait") {
		t.Errorf("run while locked: exit %d: %s", code, errOut)
	}
	code, _, errOut = chitieu(t, "", "run", "--db", db, "--wait", "300ms", "--sources", filepath.Join("..", "..", "schedules", "sources.toml"))
	if code != 1 || !strings.Contains(errOut, "gave up after waiting") {
		t.Errorf("run --wait while locked: exit %d: %s", code, errOut)
	}
	lock.Release()
}

func TestSubmissionsCommand(t *testing.T) {
	inbox := t.TempDir()
	var buf bytes.Buffer
	err := excel.WriteReport(&buf, excel.Report{Agency: "Sở Khoa học và Công nghệ", AgencyCode: "SKHCN", Period: "6 tháng đầu năm 2023",
		Date: time.Date(2023, 6, 12, 0, 0, 0, 0, time.UTC), Periods: []string{"2023"}})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(inbox, "skhcn.xlsx"), buf.Bytes(), 0o644)
	code, out, errOut := chitieu(t, "", "submissions", "--inbox", inbox, "--period", "2023-H1", "--as-of", "2023-07-01")
	if code != 0 || !strings.Contains(out, "period 2023-H1: reports due before 10/06/2023") || !strings.Contains(out, "0 on time, 1 late, 3 missing") ||
		!strings.Contains(out, "Sở Khoa học và Công nghệ                late     12/06/2023") || !strings.Contains(out, "12/06/2023") ||
		!strings.Contains(out, "no task sheet (leads 7)") {
		t.Errorf("submissions: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = chitieu(t, "", "submissions", "--inbox", inbox, "--period", "2023-H2")
	if code != 2 || !strings.Contains(errOut, "want YYYY-H1") {
		t.Errorf("bad period: exit %d: %s", code, errOut)
	}
	code, _, errOut = chitieu(t, "", "submissions", "--inbox", inbox)
	if code != 2 || !strings.Contains(errOut, "--period is required") {
		t.Errorf("no period: exit %d: %s", code, errOut)
	}
}
