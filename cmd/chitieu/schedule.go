package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/hanoi-sti/chitieu/extract/landing"
	"github.com/hanoi-sti/chitieu/schedules"
)

func init() {
	commands["schedule"] = command{"run the jobs of schedules/jobs.toml on their schedules (the daemon)", scheduleCmd}
}

func scheduleCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("schedule", "[flags]", `Runs the jobs defined in the jobs file on their cron schedules until stopped
(SIGINT or SIGTERM). A job whose run time passed while the daemon was down
runs once at start-up. A job still running when its next time comes is
skipped. Each run takes the warehouse's writer lock, loads its sources in one
transaction (retrying failed sources with backoff), and publishes the readers'
snapshot. On SIGINT/SIGTERM a run in flight may finish for --grace, then it is
cancelled and rolls back.

  chitieu schedule --list              each job and its next three run times
  chitieu schedule --once JOB          run one job now and exit
  chitieu schedule --log-format json   the daemon, logging JSON lines`, e.stderr)
	db := dbFlag(fs)
	jobsFile := fs.String("jobs", "schedules/jobs.toml", "jobs file")
	sources := fs.String("sources", "", "sources file (default: the jobs file's sources_file)")
	landingDir := fs.String("landing", "landing", "landing area for fetched payloads")
	offline := fs.Bool("offline", false, "read URL sources from the landing area only; fetch nothing")
	list := fs.Bool("list", false, "list the jobs and their next three run times, and exit")
	once := fs.String("once", "", "run this job now and exit")
	wait := fs.Duration("wait", time.Hour, "how long a run waits for another writer (a manual 'chitieu run') before giving up")
	grace := fs.Duration("grace", 10*time.Minute, "on SIGINT/SIGTERM, how long a run in flight may finish before it is cancelled")
	noCatchUp := fs.Bool("no-catch-up", false, "do not run jobs that missed a run time while the daemon was down")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	eng := engineFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected arguments %q", fs.Args())}
	}
	if err := checkLogFormat(*logFormat); err != nil {
		return err
	}
	e.useLogger(newLogger(e.stderr, *logFormat, "info"))
	jobs, err := schedules.LoadJobs(*jobsFile)
	if err != nil {
		return err
	}
	if *list {
		listJobs(e, jobs, time.Now())
		return nil
	}
	if *sources == "" {
		*sources = jobs.SourcesPath()
	}
	cfg, err := schedules.LoadConfig(*sources)
	if err != nil {
		return err
	}
	if err := jobs.CheckSources(cfg); err != nil {
		return err
	}
	runner := &schedules.Runner{DB: *db, Config: cfg, Landing: &landing.Store{Dir: filepath.Clean(*landingDir)},
		Offline: *offline, LockWait: *wait, Snapshot: true, Log: e.log, Engine: eng.options(nil)}
	if *once != "" {
		job, err := jobs.Job(*once)
		if err != nil {
			return usageError{err.Error()}
		}
		res, err := runner.RunJob(ctx, job, schedules.TriggerOnce)
		if err != nil {
			return err
		}
		printSummary(e, *db, res.Summary)
		printSnapshot(e, res)
		return summaryErr(res.Summary)
	}
	s := &schedules.Scheduler{Jobs: jobs.Jobs, Run: runner.RunJob, LastRuns: runner.LastRuns, Log: e.log, Grace: *grace}
	now := time.Now()
	for _, j := range jobs.Jobs {
		e.log.Info("job scheduled", "job", j.Name, "schedule", j.Schedule, "time_zone", j.TimeZone, "next", j.Next(now).Format(time.RFC3339))
	}
	err = s.Daemon(ctx, !*noCatchUp)
	e.log.Info("scheduler stopped")
	return err
}

// listJobs prints each job, what it runs and its next three run times.
func listJobs(e *env, jobs *schedules.JobFile, now time.Time) {
	for i, j := range jobs.Jobs {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		srcs := "every source"
		if len(j.Sources) > 0 {
			srcs = strings.Join(j.Sources, ", ")
		}
		fmt.Fprintf(e.stdout, "%s  %q  %s\n", j.Name, j.Schedule, j.TimeZone)
		if j.Description != "" {
			fmt.Fprintf(e.stdout, "  %s\n", j.Description)
		}
		fmt.Fprintf(e.stdout, "  sources: %s; retry: %d attempts, backoff %s (max %s); catch-up: %v\n",
			srcs, j.Retry.Attempts, j.Retry.Backoff.Duration, j.Retry.MaxBackoff.Duration, j.CatchesUp())
		var next []string
		for _, t := range j.NextN(now, 3) {
			next = append(next, t.Format("2006-01-02 15:04:05 Mon -07:00"))
		}
		fmt.Fprintf(e.stdout, "  next: %s\n", strings.Join(next, " | "))
	}
}
