package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/hanoi-sti/chitieu/extract/landing"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
)

func init() {
	commands["run"] = command{"run the pipeline on the configured sources", runCmd}
}

func runCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("run", "[flags]", `Runs the pipeline once: reads or fetches every configured source, normalises
it and loads it into the warehouse in one transaction. A source whose bytes
were loaded before is skipped. Prints what was loaded and rejected; exits 1
if any source failed (the others are still loaded).

One writer at a time: the run takes the warehouse's writer lock (<db>.lock);
if the daemon or another run holds it, it fails naming the holder, or waits
up to --wait. After the run it publishes <db>.snapshot.duckdb, the read-only
copy analysts open, so that their sessions never block a run.`, e.stderr)
	db := dbFlag(fs)
	sources := fs.String("sources", "schedules/sources.toml", "sources file")
	only := fs.StringSlice("only", nil, "run only these sources (comma-separated names)")
	landingDir := fs.String("landing", "landing", "landing area for fetched payloads")
	offline := fs.Bool("offline", false, "read URL sources from the landing area only; fetch nothing")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	wait := fs.Duration("wait", 0, "if another chitieu is writing the warehouse, wait this long for it (e.g. 30m) instead of failing")
	noSnapshot := fs.Bool("no-snapshot", false, "do not publish the read-only snapshot for readers after the run")
	quiet := fs.Bool("quiet", false, "no progress bar (there is none anyway when standard error is not a terminal)")
	eng := engineFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected arguments %q (use 'chitieu load FILE…' for files)", fs.Args())}
	}
	if err := checkLogFormat(*logFormat); err != nil {
		return err
	}
	bar := newProgress(e, *quiet)
	defer bar.Finish()
	e.useLogger(newLogger(bar.Wrap(e.stderr), *logFormat, "info"))
	cfg, err := schedules.LoadConfig(*sources)
	if err != nil {
		return err
	}
	selected, err := cfg.Select(*only)
	if err != nil {
		return usageError{err.Error()}
	}
	r := &schedules.Runner{DB: *db, Config: cfg, Landing: &landing.Store{Dir: filepath.Clean(*landingDir)}, Offline: *offline,
		LockWait: *wait, Snapshot: !*noSnapshot, Log: e.log, Progress: bar.Step, Rows: bar.Rows, Engine: eng.options(nil)}
	res, err := r.Run(ctx, selected, nil, "manual", "chitieu run")
	bar.Finish()
	if err != nil {
		return err
	}
	printSummary(e, *db, res.Summary)
	printSnapshot(e, res)
	return summaryErr(res.Summary)
}

// printSnapshot says where readers find the new snapshot.
func printSnapshot(e *env, res *schedules.Result) {
	switch {
	case res.SnapshotErr != nil:
		fmt.Fprintf(e.stdout, "  readers' snapshot NOT updated: %v\n", res.SnapshotErr)
	case res.Snapshot != "":
		fmt.Fprintf(e.stdout, "  readers' snapshot: %s (open it read-only; the warehouse itself is the writer's)\n", res.Snapshot)
	}
}

func init() {
	commands["load"] = command{"load files named on the command line (kind detected from content)", loadCmd}
}

func loadCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("load", "[flags] FILE…", `Loads files an analyst was just sent: agency report workbooks, yearbook tables,
JSON-stat, SDMX, World Bank or CSV files. The kind of each file is detected
from its content, not its name. Bad rows go to rejected_rows with the reason;
a file that cannot be read at all is reported and nothing of it is loaded.`, e.stderr)
	db := dbFlag(fs)
	name := fs.String("source", "", "source name to record (default: the file name)")
	sample := fs.Bool("sample", false, "mark the values as sample data, not official")
	wait := fs.Duration("wait", 0, "if another chitieu is writing the warehouse, wait this long for it instead of failing")
	quiet := fs.Bool("quiet", false, "no progress bar (there is none anyway when standard error is not a terminal)")
	eng := engineFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"no files given"}
	}
	bar := newProgress(e, *quiet)
	defer bar.Finish()
	e.useLogger(newLogger(bar.Wrap(e.stderr), "text", "info"))
	var sum *load.Summary
	done, err := load.Write(ctx, *db, load.WriteOptions{Options: eng.options(e.log), Wait: *wait, Command: "chitieu load", Snapshot: true},
		func(ctx context.Context, w *load.Warehouse) error {
			p := &schedules.Pipeline{Warehouse: w, Log: e.log, Progress: bar.Step, Rows: bar.Rows}
			var err error
			sum, err = p.LoadFiles(ctx, fs.Args(), *name, *sample)
			return err
		})
	bar.Finish()
	if err != nil {
		return err
	}
	printSummary(e, *db, sum)
	printSnapshot(e, &schedules.Result{Summary: sum, Snapshot: done.Snapshot, SnapshotErr: done.SnapshotErr})
	return summaryErr(sum)
}

func printSummary(e *env, path string, sum *load.Summary) {
	fmt.Fprintf(e.stdout, "run %d %s: %d sources (%d unchanged, %d failed); rows read %d = loaded %d + rejected %d; new or revised %d → %s\n",
		sum.RunID, sum.Status, len(sum.Sources), sum.SourcesUnchanged, sum.SourcesFailed,
		sum.Read, sum.Loaded, sum.Rejected, sum.New, path)
	for _, st := range sum.Sources {
		switch st.Status {
		case load.PayloadUnchanged:
			fmt.Fprintf(e.stdout, "  %-22s unchanged   %s (already loaded: %s)\n", st.Payload.Source, st.Payload.URI, st.UnchangedFrom)
		case load.PayloadFailed:
			fmt.Fprintf(e.stdout, "  %-22s FAILED      %v\n", st.Payload.Source, st.Err)
		default:
			if st.AllRejected() {
				fmt.Fprintf(e.stdout, "  %-22s REJECTED    %s: 0 loaded: all %d rows rejected\n", st.Payload.Source, st.Payload.URI, st.Stats.Read)
				for _, rc := range st.TopReasons {
					fmt.Fprintf(e.stdout, "  %-22s   %6d × %-18s e.g. %s\n", "", rc.Rows, rc.Code, rc.Example)
				}
				continue
			}
			fmt.Fprintf(e.stdout, "  %-22s loaded      %s: %d rows, %d new, %d rejected\n", st.Payload.Source, st.Payload.URI, st.Stats.Read, st.RowsNew, st.Stats.Rejected)
		}
	}
	if sum.Rejected > 0 {
		fmt.Fprintf(e.stdout, "  rejected rows and their reasons: chitieu sql --db %s \"SELECT * FROM rejected_rows WHERE run_id = %d\"\n", path, sum.RunID)
	}
	if sum.New == 0 && sum.SourcesFailed == 0 && sum.SourcesRejected == 0 {
		fmt.Fprintln(e.stdout, "  nothing new: every value was already in the warehouse")
	}
}

func summaryErr(sum *load.Summary) error {
	if sum.Status == load.RunSucceeded {
		return nil
	}
	return fmt.Errorf("run %d %s: %s: %w", sum.RunID, sum.Status, schedules.Why(sum), schedules.ErrRunFailed)
}
