package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hanoi-sti/chitieu/load"
)

func init() {
	commands["runs"] = command{"show the run history: each run and what it did per source", runsCmd}
}

func runsCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("runs", "[flags]", `Shows the last runs from etl_runs, newest first: start, end, duration, job,
status and why, and per source the rows read, loaded, rejected, new, whether
the payload was skipped as unchanged, and the error of a failed source. A run
marked interrupted was killed; nothing it read was loaded.`, e.stderr)
	db := dbFlag(fs)
	last := fs.IntP("last", "n", 10, "how many runs to show")
	format := fs.String("format", "table", "output format: table or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return usageError{fmt.Sprintf("unknown format %q (want table or json)", *format)}
	}
	if *last < 1 {
		return usageError{"--last must be 1 or more"}
	}
	w, err := openForReading(ctx, e, *db)
	if err != nil {
		return err
	}
	defer w.Close()
	runs, err := w.Runs(ctx, *last)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, r := range runs {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	if len(runs) == 0 {
		fmt.Fprintln(e.stdout, "no runs yet")
	}
	for i, r := range runs {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		end, took := "—", "—"
		if r.Finished != nil {
			end, took = r.Finished.Local().Format("2006-01-02 15:04:05"), r.Duration().Round(10*time.Millisecond).String()
		}
		fmt.Fprintf(e.stdout, "run %d  %-16s %-11s start %s  end %s  took %s\n", r.ID, r.Job, r.Status,
			r.Started.Local().Format("2006-01-02 15:04:05"), end, took)
		fmt.Fprintf(e.stdout, "  %s (pid %d on %s); rows read %d = loaded %d + rejected %d; new %d; sources %d (%d unchanged, %d failed)\n",
			r.Command, r.PID, r.Host, r.Read, r.Loaded, r.Rejected, r.New, r.SourcesTotal, r.Unchanged, r.SourcesFailed)
		for _, s := range r.Sources {
			switch s.Status {
			case load.PayloadFailed:
				fmt.Fprintf(e.stdout, "  %-20s failed     %s\n", s.Name, s.Error)
			case load.PayloadUnchanged:
				fmt.Fprintf(e.stdout, "  %-20s unchanged  skipped: these bytes were loaded before  %s\n", s.Name, s.URI)
			default:
				fmt.Fprintf(e.stdout, "  %-20s loaded     read %d  loaded %d  rejected %d  new %d  %s\n", s.Name, s.Read, s.Loaded, s.Rejected, s.New, s.URI)
				if s.Error != "" { // every row rejected
					fmt.Fprintf(e.stdout, "  %-20s            %s\n", "", s.Error)
				}
			}
		}
		if r.Message != "" && r.SourcesFailed == 0 {
			fmt.Fprintf(e.stdout, "  why: %s\n", r.Message)
		}
	}
	return nil
}

// openForReading opens the warehouse with load.OpenReader and tells the
// user on stderr when the readers' snapshot answers instead.
func openForReading(ctx context.Context, e *env, db string) (*load.Warehouse, error) {
	w, busy, err := load.OpenReader(ctx, db, load.Options{Logger: e.log})
	if err != nil {
		return nil, err
	}
	if busy != nil {
		fmt.Fprintf(e.stderr, "chitieu: %s is busy (%v; held by %s); showing the snapshot of the last committed run, %s\n", db, busy.Err, busy.Holder, busy.Snapshot)
	}
	return w, nil
}
