package schedules_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/extract/fetch"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
)

// fakeClock is the injected clock: Sleep records the wait and moves the
// time on at once, and may do something "meanwhile" (a file arrives).
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	slept   []time.Duration
	onSleep func(n int)
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	n, f := len(c.slept), c.onSleep
	c.mu.Unlock()
	if f != nil {
		f(n)
	}
	return ctx.Err()
}

var hcm = func() *time.Location { l, _ := time.LoadLocation("Asia/Ho_Chi_Minh"); return l }()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, hcm)
	if err != nil {
		panic(err)
	}
	return t
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func loadJobs(t *testing.T, body string) *schedules.JobFile {
	t.Helper()
	jf, err := schedules.LoadJobs(writeFile(t, t.TempDir(), "jobs.toml", body))
	if err != nil {
		t.Fatal(err)
	}
	return jf
}

// TestDefaultJobs: the bundled jobs file parses, names only configured
// sources, and its jobs fall where the plan's calendar says, in Hà Nội time.
func TestDefaultJobs(t *testing.T) {
	jf, err := schedules.LoadJobs("jobs.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := schedules.LoadConfig(jf.SourcesPath())
	if err != nil {
		t.Fatal(err)
	}
	if err := jf.CheckSources(cfg); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		job, from string
		want      []string
	}{
		{"monthly-refresh", "2026-01-15 10:00", []string{"2026-02-01 02:00", "2026-03-01 02:00", "2026-04-01 02:00"}},
		{"monthly-refresh", "2026-01-31 22:00", []string{"2026-02-01 02:00", "2026-03-01 02:00", "2026-04-01 02:00"}},
		{"h1-reports", "2025-01-01 00:00", []string{"2025-06-03 07:00", "2025-06-10 07:00", "2025-06-17 07:00"}},
		{"annual-reports", "2025-11-23 07:00", []string{"2025-11-30 07:00", "2026-11-23 07:00", "2026-11-30 07:00"}},
		{"annual-reports-late", "2025-01-01 00:00", []string{"2025-12-07 07:00", "2026-12-07 07:00", "2027-12-07 07:00"}},
	}
	for _, tt := range tests {
		j, err := jf.Job(tt.job)
		if err != nil {
			t.Fatal(err)
		}
		// The clock may be in any zone: 17:00 UTC on 31 January is already
		// 1 February in Hà Nội.
		var got []string
		for _, n := range j.NextN(at(tt.from).UTC(), 3) {
			if n.Location().String() != "Asia/Ho_Chi_Minh" {
				t.Errorf("%s: next run in zone %s", tt.job, n.Location())
			}
			got = append(got, n.Format("2006-01-02 15:04"))
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s after %s: next %v, want %v", tt.job, tt.from, got, tt.want)
		}
	}
	if d, ok := jf.ExpectedInterval("skhcn-report", at("2026-01-15 00:00")); !ok || d != 31*24*time.Hour {
		t.Errorf("skhcn-report refreshed every %s (%v), want 31 days: the monthly job", d, ok)
	}
}

func TestJobsFileErrors(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"unknown key", "[[job]]\nname='a'\nschedule='0 2 1 * *'\nschedul='x'", "unknown keys: job.schedul"},
		{"unknown retry key", "[[job]]\nname='a'\nschedule='0 2 1 * *'\nretry={tries=3}", "unknown keys: job.retry.tries"},
		{"bad spec", "[[job]]\nname='a'\nschedule='0 2 32 * *'", `schedule "0 2 32 * *"`},
		{"bad zone", "[[job]]\nname='a'\nschedule='0 2 1 * *'\ntime_zone='Asia/Hanoii'", `time_zone "Asia/Hanoii"`},
		{"zone in spec", "[[job]]\nname='a'\nschedule='CRON_TZ=UTC 0 2 1 * *'", "give the zone as time_zone"},
		{"twice", "[[job]]\nname='a'\nschedule='@monthly'\n[[job]]\nname='a'\nschedule='@daily'", "name used twice"},
		{"no schedule", "[[job]]\nname='a'", "no schedule"},
		{"bad backoff", "[[job]]\nname='a'\nschedule='@daily'\nretry={backoff='soon'}", "soon"},
		{"no jobs", "time_zone='UTC'", "no [[job]]"},
	}
	for _, tt := range tests {
		_, err := schedules.LoadJobs(writeFile(t, t.TempDir(), "jobs.toml", tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
	// Seconds are optional; a file's time_zone is the default of its jobs.
	jf := loadJobs(t, "time_zone='UTC'\n[[job]]\nname='a'\nschedule='30 0 2 1 * *'\n[[job]]\nname='b'\nschedule='0 2 1 * *'\ntime_zone='Asia/Ho_Chi_Minh'")
	a, _ := jf.Job("a")
	b, _ := jf.Job("b")
	from := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	if got := a.Next(from); !got.Equal(time.Date(2026, 2, 1, 2, 0, 30, 0, time.UTC)) {
		t.Errorf("six-field spec: next %s", got)
	}
	if got := b.Next(from); !got.Equal(time.Date(2026, 1, 31, 19, 0, 0, 0, time.UTC)) {
		t.Errorf("Hà Nội 02:00 on 1 February is 19:00 UTC the day before; got %s", got)
	}
}

// recorder is a Scheduler.Run that records what ran.
type recorder struct {
	mu    sync.Mutex
	runs  []string
	block chan struct{} // when set, a run waits for it
	began chan string
	panic bool
}

func (r *recorder) run(ctx context.Context, job *schedules.Job, trigger string) (*schedules.Result, error) {
	r.mu.Lock()
	r.runs = append(r.runs, job.Name+"/"+trigger)
	block, began, p := r.block, r.began, r.panic
	r.mu.Unlock()
	if began != nil {
		began <- job.Name
	}
	if p {
		panic("a bug in a run")
	}
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return &schedules.Result{Summary: &load.Summary{Status: "succeeded"}}, nil
}

func (r *recorder) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.runs...)
}

const twoJobs = `
[[job]]
name = "monthly"
schedule = "0 2 1 * *"

[[job]]
name = "h1"
schedule = "0 7 3,10,17 6 *"

[[job]]
name = "nocatch"
schedule = "0 3 1 * *"
catch_up = false
`

// TestCatchUp: a job that missed run times while the daemon was down runs
// once at start-up however many it missed; one that did not miss any, never
// ran, or opts out does not.
func TestCatchUp(t *testing.T) {
	jf := loadJobs(t, twoJobs)
	tests := []struct {
		name string
		last map[string]time.Time
		now  string
		want []string
	}{
		{"missed two monthly slots", map[string]time.Time{"monthly": at("2026-01-01 02:00")}, "2026-03-15 12:00", []string{"monthly/catch-up"}},
		{"missed one, by a minute", map[string]time.Time{"monthly": at("2026-02-01 02:00")}, "2026-03-01 02:01", []string{"monthly/catch-up"}},
		{"nothing missed", map[string]time.Time{"monthly": at("2026-03-01 02:00"), "h1": at("2025-06-17 07:00")}, "2026-03-15 12:00", nil},
		{"due this very second", map[string]time.Time{"monthly": at("2026-02-01 02:00")}, "2026-03-01 02:00", []string{"monthly/catch-up"}},
		{"never ran", map[string]time.Time{}, "2026-03-15 12:00", nil},
		{"both missed; opted out skipped", map[string]time.Time{"monthly": at("2025-05-01 02:00"), "h1": at("2025-06-03 07:00"), "nocatch": at("2025-01-01 03:00")},
			"2025-06-12 08:00", []string{"monthly/catch-up", "h1/catch-up"}},
	}
	for _, tt := range tests {
		rec := &recorder{}
		clock := &fakeClock{now: at(tt.now)}
		s := &schedules.Scheduler{Jobs: jf.Jobs, Run: rec.run, Clock: clock, Log: quiet(),
			LastRuns: func(context.Context) (map[string]time.Time, error) { return tt.last, nil }}
		ran, err := s.CatchUp(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.list(); strings.Join(got, ",") != strings.Join(tt.want, ",") || len(ran) != len(tt.want) {
			t.Errorf("%s: ran %v (%v), want %v", tt.name, got, ran, tt.want)
		}
	}
}

// TestCatchUpFromRunHistory: catch-up reads the last run of each job from
// etl_runs; an interrupted run does not count as having run.
func TestCatchUpFromRunHistory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	runner := &schedules.Runner{DB: db, Log: quiet()}
	if last, err := runner.LastRuns(ctx); err != nil || len(last) != 0 {
		t.Fatalf("no warehouse yet: %v %v", last, err)
	}
	w, err := load.Open(ctx, db, load.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		id                  int
		job, started, state string
	}{
		{1, "monthly", "2026-01-01 02:00:00", "succeeded"},
		{2, "monthly", "2026-02-01 02:00:00", "interrupted"},
		{3, "h1", "2025-06-17 07:00:00", "partial"},
	} {
		// etl_runs holds UTC; 02:00 in Hà Nội is 19:00 UTC the day before.
		if _, err := w.DB().Exec(`INSERT INTO etl_runs (run_id, job, started_at, status) VALUES (?, ?, CAST(? AS TIMESTAMP) - INTERVAL 7 HOUR, ?)`,
			r.id, r.job, r.started, r.state); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	last, err := runner.LastRuns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !last["monthly"].Equal(at("2026-01-01 02:00")) || !last["h1"].Equal(at("2025-06-17 07:00")) {
		t.Fatalf("last runs %v", last)
	}
	jf := loadJobs(t, twoJobs)
	rec := &recorder{}
	s := &schedules.Scheduler{Jobs: jf.Jobs, Run: rec.run, LastRuns: runner.LastRuns, Clock: &fakeClock{now: at("2026-02-15 00:00")}, Log: quiet()}
	if _, err := s.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rec.list(); len(got) != 1 || got[0] != "monthly/catch-up" {
		t.Errorf("ran %v; want the monthly job caught up once (its February run was interrupted)", got)
	}
}

// TestOverlap: a job still running when it is triggered again is skipped,
// not run twice; another job is not held up by it; a panic in a run is
// recovered and the job runs again next time.
func TestOverlap(t *testing.T) {
	jf := loadJobs(t, twoJobs)
	var logs bytes.Buffer
	rec := &recorder{block: make(chan struct{}), began: make(chan string, 4)}
	s := &schedules.Scheduler{Jobs: jf.Jobs, Run: rec.run, Clock: &fakeClock{now: at("2026-03-01 02:00")},
		Log: slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil))}
	done := make(chan struct{})
	go func() {
		s.Trigger("monthly", schedules.TriggerScheduled)
		close(done)
	}()
	<-rec.began
	s.Trigger("monthly", schedules.TriggerScheduled) // returns at once: skipped
	go s.Trigger("h1", schedules.TriggerScheduled)
	if got := <-rec.began; got != "h1" {
		t.Fatalf("began %s, want h1", got)
	}
	close(rec.block)
	<-done
	if got := rec.list(); len(got) != 2 || got[0] != "monthly/scheduled" || got[1] != "h1/scheduled" {
		t.Errorf("runs %v; want monthly once and h1 once", got)
	}
	if !strings.Contains(logs.String(), "skipped: the previous run of this job is still going") || !strings.Contains(logs.String(), "job=monthly") {
		t.Errorf("the skip is not logged with the job's name:\n%s", logs.String())
	}

	rec.mu.Lock()
	rec.panic, rec.block = true, nil
	rec.mu.Unlock()
	s.Trigger("monthly", schedules.TriggerScheduled) // panics inside; recovered
	<-rec.began
	rec.mu.Lock()
	rec.panic = false
	rec.mu.Unlock()
	s.Trigger("monthly", schedules.TriggerScheduled)
	<-rec.began
	if got := rec.list(); len(got) != 4 {
		t.Errorf("runs %v; the job did not run again after a panic", got)
	}
	if !strings.Contains(logs.String(), "a bug in a run") {
		t.Errorf("the panic is not logged:\n%s", logs.String())
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestRetryPolicy: backoff doubles up to the maximum, on the injected clock.
func TestRetryPolicy(t *testing.T) {
	ctx := context.Background()
	p := schedules.RetryPolicy{Attempts: 5}
	p.Backoff.Duration, p.MaxBackoff.Duration = time.Minute, 3*time.Minute
	clock := &fakeClock{now: at("2026-03-01 02:00")}
	calls := 0
	err := p.Do(ctx, clock, quiet(), "s", func(context.Context) error {
		calls++
		if calls < 4 {
			return errors.New("connection refused")
		}
		return nil
	})
	if err != nil || calls != 4 || fmt.Sprint(clock.slept) != "[1m0s 2m0s 3m0s]" {
		t.Errorf("err %v, %d calls, slept %v; want success on the 4th call after 1m, 2m, 3m", err, calls, clock.slept)
	}
	if !clock.Now().Equal(at("2026-03-01 02:06")) {
		t.Errorf("clock at %s", clock.Now())
	}

	p.Attempts = 2
	calls = 0
	err = p.Do(ctx, clock, quiet(), "s", func(context.Context) error { calls++; return errors.New("connection refused") })
	if calls != 2 || err == nil || !strings.Contains(err.Error(), "gave up after 2 attempts: connection refused") {
		t.Errorf("%d calls, err %v", calls, err)
	}
	// A 404 will be a 404 in two minutes too.
	calls = 0
	notFound := &fetch.Error{Method: "GET", URL: "http://x", Err: &fetch.StatusError{Code: 404, Status: "404 Not Found"}}
	err = p.Do(ctx, clock, quiet(), "s", func(context.Context) error { calls++; return notFound })
	if calls != 1 || !errors.Is(err, notFound) {
		t.Errorf("permanent error: %d calls, %v", calls, err)
	}
	// Cancelled while waiting: stops.
	cctx, cancel := context.WithCancel(ctx)
	clock.onSleep = func(int) { cancel() }
	calls = 0
	p.Attempts = 5
	err = p.Do(cctx, clock, quiet(), "s", func(context.Context) error { calls++; return errors.New("down") })
	if calls != 1 || err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("cancelled: %d calls, %v", calls, err)
	}
}

// TestJobRetriesAndPartialFailure runs a job against a real warehouse: a
// source whose file arrives during the backoff loads on its retry, one that
// never arrives fails after its attempts, a corrupt workbook fails at once
// (retrying cannot fix its bytes), and the good ones load regardless. The
// run is partial and says why; a run where every source fails is failed.
func TestJobRetriesAndPartialFailure(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	row := func(v float64) []excel.ReportRow {
		return []excel.ReportRow{{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: []any{v, v + 1}}}
	}
	writeReport(t, dir, "good.xlsx", row(40))
	late := writeReport(t, t.TempDir(), "late.xlsx", row(41))
	lateBody, _ := os.ReadFile(late)
	writeFile(t, dir, "broken.xlsx", "PK\x03\x04 this is not really a zip")
	sources := writeFile(t, dir, "sources.toml", `
[[source]]
name = "good"
path = "good.xlsx"
[[source]]
name = "late"
path = "inbox/late.xlsx"
[[source]]
name = "gone"
path = "never/there.xlsx"
[[source]]
name = "broken"
path = "broken.xlsx"
`)
	cfg, err := schedules.LoadConfig(sources)
	if err != nil {
		t.Fatal(err)
	}
	jf := loadJobs(t, `[[job]]
name = "monthly"
schedule = "0 2 1 * *"
retry = { attempts = 3, backoff = "1m", max_backoff = "10m" }
[[job]]
name = "only-missing"
schedule = "0 2 1 * *"
sources = ["gone"]
retry = { attempts = 2, backoff = "30s" }
`)
	clock := &fakeClock{now: at("2026-03-01 02:00")}
	// The late file reaches the inbox while the first backoff waits.
	clock.onSleep = func(n int) {
		if n == 1 {
			os.MkdirAll(filepath.Join(dir, "inbox"), 0o755)
			os.WriteFile(filepath.Join(dir, "inbox", "late.xlsx"), lateBody, 0o644)
		}
	}
	db := filepath.Join(dir, "w.duckdb")
	runner := &schedules.Runner{DB: db, Config: cfg, Clock: clock, Snapshot: true, Log: quiet()}
	job, _ := jf.Job("monthly")
	res, err := runner.RunJob(ctx, job, schedules.TriggerScheduled)
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Summary
	status := map[string]string{}
	for _, st := range sum.Sources {
		status[st.Payload.Source] = string(st.Status)
	}
	if sum.Status != "partial" || status["good"] != "loaded" || status["late"] != "loaded" || status["gone"] != "failed" || status["broken"] != "failed" {
		t.Fatalf("run %s, sources %v; want partial with good and late loaded, gone and broken failed", sum.Status, status)
	}
	// late: one wait of 1m; gone: 1m then 2m; broken: none.
	if fmt.Sprint(clock.slept) != "[1m0s 1m0s 2m0s]" {
		t.Errorf("backoff waits %v, want [1m 1m 2m]", clock.slept)
	}
	why := schedules.Why(sum)
	for _, want := range []string{"2 of 4 sources failed", "gone: ", "gave up after 3 attempts", "broken: "} {
		if !strings.Contains(why, want) {
			t.Errorf("why %q does not say %q", why, want)
		}
	}

	if res.Snapshot == "" || res.SnapshotErr != nil {
		t.Fatalf("snapshot %q: %v", res.Snapshot, res.SnapshotErr)
	}
	w, err := load.Open(ctx, res.Snapshot, load.Options{ReadOnly: true, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if n := scalar(t, w, "SELECT count(*) FROM observations"); n != 4 {
		t.Errorf("%d observations in the snapshot, want 4 (two files × two years)", n)
	}
	runs, err := w.Runs(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Job != "monthly" || runs[0].Status != "partial" || !strings.Contains(runs[0].Message, "gave up after 3 attempts") ||
		runs[0].Command != "chitieu schedule (scheduled)" || len(runs[0].Sources) != 4 || runs[0].Finished == nil {
		t.Errorf("run history %+v", runs)
	}

	only, _ := jf.Job("only-missing")
	res, err = runner.RunJob(ctx, only, schedules.TriggerOnce)
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Status != "failed" || !strings.Contains(schedules.Why(res.Summary), "gave up after 2 attempts") {
		t.Errorf("all sources failing: %s, %s", res.Summary.Status, schedules.Why(res.Summary))
	}
	if _, err := os.Stat(load.LockPath(db)); err == nil {
		t.Error("the writer lock was not released")
	}
}

// TestDaemon runs the real cron loop for a few seconds with a one-second
// schedule: jobs fire, an overlapping firing is skipped, and on stop a run
// in flight finishes within the grace period, or is cancelled after it.
func TestDaemon(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real cron loop for a few seconds")
	}
	jf := loadJobs(t, "[[job]]\nname='tick'\nschedule='* * * * * *'\ntime_zone='UTC'\n")
	var logs bytes.Buffer
	var runs, finished, cancelled atomic.Int32
	run := func(ctx context.Context, job *schedules.Job, trigger string) (*schedules.Result, error) {
		runs.Add(1)
		select {
		case <-time.After(1500 * time.Millisecond):
			finished.Add(1)
			return &schedules.Result{Summary: &load.Summary{Status: "succeeded"}}, nil
		case <-ctx.Done():
			cancelled.Add(1)
			return nil, ctx.Err()
		}
	}
	s := &schedules.Scheduler{Jobs: jf.Jobs, Run: run, Log: slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil)), Grace: 5 * time.Second,
		LastRuns: func(context.Context) (map[string]time.Time, error) { return nil, nil }}
	ctx, cancel := context.WithTimeout(context.Background(), 3200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := s.Daemon(ctx, true); err != nil {
		t.Fatal(err)
	}
	if runs.Load() < 1 || runs.Load() > 3 || cancelled.Load() != 0 || finished.Load() != runs.Load() {
		t.Errorf("%d runs, %d finished, %d cancelled; want 1–3 runs, all finished within the grace period", runs.Load(), finished.Load(), cancelled.Load())
	}
	if !strings.Contains(logs.String(), "skipped: the previous run of this job is still going") {
		t.Errorf("no overlapping firing was skipped:\n%s", logs.String())
	}
	if time.Since(start) > 8*time.Second {
		t.Errorf("stopping took %s", time.Since(start))
	}

	// A short grace period: the run in flight is cancelled (and would roll back).
	runs.Store(0)
	s2 := &schedules.Scheduler{Jobs: jf.Jobs, Run: run, Log: quiet(), Grace: 50 * time.Millisecond,
		LastRuns: func(context.Context) (map[string]time.Time, error) { return nil, nil }}
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() {
		for runs.Load() == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		cancel2()
	}()
	if err := s2.Daemon(ctx2, false); err != nil {
		t.Fatal(err)
	}
	if cancelled.Load() != 1 {
		t.Errorf("%d runs cancelled after the grace period, want 1", cancelled.Load())
	}
}
