package schedules

// The scheduler. The daemon is robfig/cron/v3: one entry per job, wrapped in
// the chain Recover(SkipIfStillRunning(job)), so a job still running when its
// next time comes is skipped, not stacked, and a panic in a run is logged,
// not fatal. cron/v3 reads the wall clock itself (there is no WithClock), so
// everything that decides *whether* to run reads an injected Clock instead:
// the next run times (the job's cron.Schedule.Next), the catch-up decision at
// start-up, retry backoff, staleness. Tests drive those with a fake clock;
// one short test runs the real cron loop with a one-second spec.
//
// Catch-up: at start-up, a job whose next run time after its last run (from
// etl_runs) has already passed runs once, however many times were missed.
// A job that has never run is not caught up: there is no missed time to make
// up, and 'chitieu schedule --once JOB' runs it now if wanted. Catch-up goes
// through the same wrapped cron job as the scheduled runs, so it cannot
// overlap them.
//
// Two different jobs due at once, or the daemon and a manual 'chitieu run',
// are kept apart by the warehouse's writer lock (load.AcquireLock): the
// second waits for the first.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/hanoi-sti/chitieu/extract/fetch"
	"github.com/hanoi-sti/chitieu/extract/landing"
	"github.com/hanoi-sti/chitieu/load"
)

// Triggers: why a job ran, recorded in etl_runs.command.
const (
	TriggerScheduled = "scheduled"
	TriggerCatchUp   = "catch-up"
	TriggerOnce      = "once"
)

// Runner runs sources against the warehouse the way every writer must: take
// the writer lock, open, load in one transaction with per-source retries,
// close, publish the readers' snapshot, release the lock. 'chitieu run' and
// every scheduled job go through it.
type Runner struct {
	DB       string
	Config   *Config
	Landing  *landing.Store
	Offline  bool
	Fetch    *fetch.Client
	LockWait time.Duration // how long to wait for another writer
	Snapshot bool          // publish <db>.snapshot.duckdb after a committed run
	Clock    Clock         // RealClock if nil
	Log      *slog.Logger
	Progress func(step string, done, total int) // see Pipeline.Progress; nil for none
	Rows     func(rows int64)                   // see Pipeline.Rows; nil for none
	// Engine is DuckDB's memory limit and threads for the runs (Logger is
	// ignored: Log is used).
	Engine load.Options
}

// Result is what a run did.
type Result struct {
	Summary     *load.Summary
	Snapshot    string // path of the published snapshot, if any
	SnapshotErr error  // the run committed but the snapshot was not published
}

func (r *Runner) clock() Clock {
	if r.Clock != nil {
		return r.Clock
	}
	return RealClock{}
}

func (r *Runner) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.Default()
}

// Run loads sources as one run of job. retry nil means one attempt per source.
func (r *Runner) Run(ctx context.Context, sources []SourceDef, retry *RetryPolicy, job, command string) (*Result, error) {
	var sum *load.Summary
	opt := r.Engine
	opt.Logger = r.log()
	if r.Config != nil {
		opt.PlanDirs = r.Config.PlanDirs()
	}
	done, err := load.Write(ctx, r.DB, load.WriteOptions{Options: opt, Wait: r.LockWait, Command: command, Snapshot: r.Snapshot},
		func(ctx context.Context, w *load.Warehouse) error {
			p := &Pipeline{Warehouse: w, Log: r.log(), Fetch: r.Fetch, Landing: r.Landing, Offline: r.Offline, Progress: r.Progress, Rows: r.Rows,
				Now: func() time.Time { return r.clock().Now() }}
			if retry != nil {
				p.Retry = retrier(*retry, r.clock(), r.log())
			}
			var err error
			sum, err = p.Run(ctx, r.Config, sources, job, command)
			return err
		})
	if err != nil {
		return nil, err
	}
	return &Result{Summary: sum, Snapshot: done.Snapshot, SnapshotErr: done.SnapshotErr}, nil
}

// RunJob runs job's sources with its retry policy.
func (r *Runner) RunJob(ctx context.Context, job *Job, trigger string) (*Result, error) {
	sources, err := r.Config.Select(job.Sources)
	if err != nil {
		return nil, fmt.Errorf("job %s: %w", job.Name, err)
	}
	return r.Run(ctx, sources, &job.Retry, job.Name, fmt.Sprintf("chitieu schedule (%s)", trigger))
}

// LastRuns reads when each job last ran to an end; an absent warehouse has
// no history. While another process writes the warehouse (DuckDB then
// refuses even a read-only open) the readers' snapshot answers: it holds
// every run up to the last committed one, which is what catch-up needs.
func (r *Runner) LastRuns(ctx context.Context) (map[string]time.Time, error) {
	if _, err := os.Stat(r.DB); errors.Is(err, fs.ErrNotExist) {
		return map[string]time.Time{}, nil
	}
	w, busy, err := load.OpenReader(ctx, r.DB, load.Options{Logger: r.log()})
	if err != nil {
		return nil, err
	}
	if busy != nil {
		r.log().Info("the warehouse is busy; reading the run history from the snapshot", "snapshot", busy.Snapshot, "err", busy.Err)
	}
	defer w.Close()
	return w.JobLastRuns(ctx)
}

// Scheduler runs jobs on their schedules.
type Scheduler struct {
	Jobs []*Job
	// Run runs one job; Runner.RunJob in the daemon.
	Run func(ctx context.Context, job *Job, trigger string) (*Result, error)
	// LastRuns says when each job last ran (Runner.LastRuns).
	LastRuns func(ctx context.Context) (map[string]time.Time, error)
	Clock    Clock // RealClock if nil
	Log      *slog.Logger
	// Grace is how long a run in flight may go on after the daemon is told
	// to stop; then it is cancelled and its transaction rolls back.
	Grace time.Duration

	initOnce sync.Once
	cron     *cron.Cron
	wrapped  map[string]cron.Job     // each job as cron wraps it: Recover(SkipIfStillRunning(job))
	catchUp  map[string]*atomic.Bool // the next start of the job is a catch-up
	runCtx   context.Context
	cancel   context.CancelFunc
	inFlight sync.WaitGroup
}

func (s *Scheduler) clock() Clock {
	if s.Clock != nil {
		return s.Clock
	}
	return RealClock{}
}

func (s *Scheduler) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// init builds the cron instance and its wrapped jobs (not started).
func (s *Scheduler) init() error {
	var err error
	s.initOnce.Do(func() {
		loc, lerr := time.LoadLocation(DefaultTimeZone)
		if lerr != nil {
			err = lerr
			return
		}
		cl := cronLogger{s.log()}
		// Recover for every entry; SkipIfStillRunning per job below, so that
		// its "skipped" message names the job, and with a Recover inside it
		// too: in cron v3.0.1 SkipIfStillRunning hands its token back without
		// a defer, so a panic that reached it would leave the job skipped
		// for ever (TestOverlap caught this).
		s.cron = cron.New(cron.WithLocation(loc), cron.WithParser(CronParser), cron.WithLogger(cl),
			cron.WithChain(cron.Recover(cl)))
		s.wrapped = map[string]cron.Job{}
		s.catchUp = map[string]*atomic.Bool{}
		s.runCtx, s.cancel = context.WithCancel(context.Background())
		for _, j := range s.Jobs {
			s.catchUp[j.Name] = &atomic.Bool{}
			skip := cron.SkipIfStillRunning(cronLogger{s.log().With("job", j.Name)})
			id, aerr := s.cron.AddJob(j.CronSpec(), skip(cron.Recover(cl)(jobFunc{s, j})))
			if aerr != nil {
				err = fmt.Errorf("job %s: %w", j.Name, aerr)
				return
			}
			// The entry's wrapped job carries SkipIfStillRunning's state;
			// catch-up and --once go through the same one.
			s.wrapped[j.Name] = s.cron.Entry(id).WrappedJob
		}
	})
	return err
}

// jobFunc is the innermost cron job: one run of a job.
type jobFunc struct {
	s   *Scheduler
	job *Job
}

func (f jobFunc) Run() {
	trigger := TriggerScheduled
	if f.s.catchUp[f.job.Name].CompareAndSwap(true, false) {
		trigger = TriggerCatchUp
	}
	f.s.fire(f.job, trigger)
}

// fire runs a job once and logs its outcome.
func (s *Scheduler) fire(job *Job, trigger string) {
	s.inFlight.Add(1)
	defer s.inFlight.Done()
	log := s.log().With("job", job.Name, "trigger", trigger)
	if s.runCtx.Err() != nil {
		log.Info("not started: the scheduler is stopping")
		return
	}
	start := s.clock().Now()
	log.Info("job started")
	res, err := s.Run(s.runCtx, job, trigger)
	took := s.clock().Now().Sub(start).Round(time.Millisecond)
	switch {
	case err != nil:
		log.Error("job failed; nothing was loaded", "took", took, "err", err)
	case res.Summary.Status == load.RunSucceeded:
		log.Info("job succeeded", "run", res.Summary.RunID, "took", took, "loaded", res.Summary.Loaded,
			"new", res.Summary.New, "rejected", res.Summary.Rejected, "unchanged", res.Summary.SourcesUnchanged)
	default:
		log.Warn("job "+string(res.Summary.Status), "run", res.Summary.RunID, "took", took,
			"failed_sources", res.Summary.SourcesFailed, "rejected_sources", res.Summary.SourcesRejected, "why", Why(res.Summary))
	}
}

// Why explains a run's status in one line: the failed sources and why, and
// the sources of which every row was rejected.
func Why(sum *load.Summary) string {
	if sum.SourcesFailed == 0 && sum.SourcesRejected == 0 {
		return fmt.Sprintf("all %d sources loaded or unchanged", len(sum.Sources))
	}
	var parts []string
	if sum.SourcesFailed > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d sources failed", sum.SourcesFailed, len(sum.Sources)))
	}
	if sum.SourcesRejected > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d sources loaded nothing: every row rejected", sum.SourcesRejected, len(sum.Sources)))
	}
	for _, st := range sum.Sources {
		switch {
		case st.Status == load.PayloadFailed:
			parts = append(parts, fmt.Sprintf("%s: %v", st.Payload.Source, st.Err))
		case st.AllRejected():
			parts = append(parts, fmt.Sprintf("%s: 0 loaded: all %d rows rejected", st.Payload.Source, st.Stats.Read))
		}
	}
	return strings.Join(parts, "; ")
}

// Trigger runs the named job now through its cron wrapper, waiting for it:
// if the job is already running, it is skipped (SkipIfStillRunning) and
// Trigger returns at once. Used for catch-up and tests; --once calls Run.
func (s *Scheduler) Trigger(name, trigger string) error {
	if err := s.init(); err != nil {
		return err
	}
	w, ok := s.wrapped[name]
	if !ok {
		return fmt.Errorf("no job named %q", name)
	}
	flag := s.catchUp[name]
	flag.Store(trigger == TriggerCatchUp)
	w.Run()
	flag.Store(false)
	return nil
}

// Due lists the jobs that missed a run time between their last run and now
// and catch up: each once, with the missed time.
func (s *Scheduler) Due(last map[string]time.Time, now time.Time) []Missed {
	var out []Missed
	for _, j := range s.Jobs {
		t, ran := last[j.Name]
		if !ran || !j.CatchesUp() {
			continue
		}
		if at, missed := j.Missed(t, now); missed {
			out = append(out, Missed{Job: j, LastRun: t, Missed: at})
		}
	}
	return out
}

// Missed is a job whose run time passed while nothing ran it.
type Missed struct {
	Job     *Job
	LastRun time.Time
	Missed  time.Time // the first run time missed
}

// CatchUp runs once, one after another, every job that missed a run time
// while the daemon was down; it returns their names.
func (s *Scheduler) CatchUp(ctx context.Context) ([]string, error) {
	if err := s.init(); err != nil {
		return nil, err
	}
	last, err := s.LastRuns(ctx)
	if err != nil {
		return nil, fmt.Errorf("catch-up: read run history: %w", err)
	}
	var ran []string
	for _, m := range s.Due(last, s.clock().Now()) {
		if ctx.Err() != nil || s.runCtx.Err() != nil {
			break
		}
		s.log().Info("catching up a missed run", "job", m.Job.Name, "last_run", m.LastRun.In(m.Job.Location()).Format(time.RFC3339),
			"missed", m.Missed.Format(time.RFC3339))
		if err := s.Trigger(m.Job.Name, TriggerCatchUp); err != nil {
			return ran, err
		}
		ran = append(ran, m.Job.Name)
	}
	return ran, nil
}

// Daemon runs the jobs on their schedules until ctx is done: it catches up
// missed runs, starts cron, and on stop lets a run in flight finish for up
// to Grace before cancelling it (its transaction then rolls back).
func (s *Scheduler) Daemon(ctx context.Context, catchUp bool) error {
	if err := s.init(); err != nil {
		return err
	}
	s.cron.Start()
	for _, e := range s.cron.Entries() {
		s.log().Debug("scheduled", "next", e.Next)
	}
	var bg sync.WaitGroup
	if catchUp {
		bg.Add(1)
		go func() {
			defer bg.Done()
			if _, err := s.CatchUp(ctx); err != nil {
				s.log().Error("catch-up", "err", err)
			}
		}()
	}
	<-ctx.Done()
	s.log().Info("stopping: no new runs; waiting for a run in flight", "grace", s.Grace)
	stopped := s.cron.Stop()
	done := make(chan struct{})
	go func() {
		<-stopped.Done()
		bg.Wait()
		s.inFlight.Wait()
		close(done)
	}()
	timer := time.NewTimer(s.Grace)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		s.log().Warn("grace period over: cancelling the run in flight; its transaction rolls back")
		s.cancel()
		<-done
	}
	s.cancel()
	return nil
}

// cronLogger sends cron's own messages (skips, recovered panics) to slog.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) {
	if msg == "skip" {
		c.l.Warn("skipped: the previous run of this job is still going")
		return
	}
	c.l.Debug("cron: "+msg, kv...)
}

func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
