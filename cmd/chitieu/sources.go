package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"time"

	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
)

func init() {
	commands["sources"] = command{"show each source's last successful fetch, vintage and staleness", sourcesCmd}
}

func sourcesCmd(ctx context.Context, e *env, args []string) error {
	flags := newFlags("sources", "[flags]", `Shows every configured source (and any other the warehouse has read): its
last successful fetch (loaded, or fetched and found unchanged), the newest
vintage it loaded, its age, and whether it is stale: older than the longest
gap between runs of the most frequent job in the jobs file that runs it.
Without a jobs file (outside the project's folder) it lists the sources the
warehouse has read, without judging staleness.`, e.stderr)
	db := dbFlag(flags)
	jobsFile := flags.String("jobs", "schedules/jobs.toml", "jobs file (for each source's expected frequency)")
	sources := flags.String("sources", "", "sources file (default: the jobs file's sources_file)")
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected arguments %q", flags.Args())}
	}
	// Outside the repository's folder there is no schedules/jobs.toml, but
	// the warehouse still has every source's history: without the default
	// files the table lists what the warehouse read, and says that
	// staleness is not judged. A file named with --jobs or --sources must
	// exist.
	var notes []string
	jobs, err := schedules.LoadJobs(*jobsFile)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist) && !flags.Changed("jobs"):
		jobs = &schedules.JobFile{}
		notes = append(notes, fmt.Sprintf("no jobs file %s here: staleness is not judged (pass --jobs FILE)", *jobsFile))
	default:
		return err
	}
	var cfg *schedules.Config
	if *sources == "" && jobs.SourcesFile != "" {
		*sources = jobs.SourcesPath()
	}
	if *sources != "" {
		if cfg, err = schedules.LoadConfig(*sources); err != nil && (flags.Changed("sources") || !errors.Is(err, fs.ErrNotExist)) {
			return err
		}
	}
	w, err := openForReading(ctx, e, *db)
	if err != nil {
		return err
	}
	defer w.Close()
	status, err := w.SourcesStatus(ctx)
	if err != nil {
		return err
	}
	byName := map[string]load.SourceStatus{}
	for _, s := range status {
		byName[s.Name] = s
	}
	var names []string
	configured := map[string]bool{}
	if cfg != nil {
		for _, s := range cfg.Sources {
			names = append(names, s.Name)
			configured[s.Name] = true
		}
	}
	var other []string
	for _, s := range status {
		if !configured[s.Name] {
			other = append(other, s.Name)
		}
	}
	sort.Strings(other)
	names = append(names, other...)

	now := time.Now()
	var rows [][]string
	for _, n := range names {
		s, seen := byName[n]
		expected, scheduled := jobs.ExpectedInterval(n, now)
		exp := "—"
		if scheduled {
			exp = days(expected)
		}
		row := []string{n, "never", "—", "—", exp, ""}
		switch {
		case !seen || s.LastSuccess == nil:
			row[5] = "never fetched"
		default:
			age := now.Sub(*s.LastSuccess)
			row[1], row[3] = s.LastSuccess.Local().Format("2006-01-02 15:04"), days(age)
			switch {
			case cfg != nil && !configured[n]:
				row[5] = "not configured"
			case len(jobs.Jobs) == 0:
				row[5] = "staleness not judged"
			case !scheduled:
				row[5] = "not scheduled"
			case age > expected+24*time.Hour:
				row[5] = "STALE, overdue by " + days(age-expected)
			default:
				row[5] = "fresh"
			}
		}
		if seen && s.Vintage != nil {
			row[2] = s.Vintage.Format("2006-01-02")
		}
		if seen && s.Sample {
			row[5] += " (sample data)"
		}
		if seen && s.LastStatus == load.PayloadFailed {
			row[5] += "; last attempt failed"
			notes = append(notes, fmt.Sprintf("%s: last attempt %s failed: %s", n, s.LastAttempt.Local().Format("2006-01-02 15:04"), s.LastError))
		}
		rows = append(rows, row)
	}
	writeTable(e.stdout, []string{"source", "last success", "vintage", "age", "expected", "status"}, rows)
	for _, n := range notes {
		fmt.Fprintln(e.stdout, n)
	}
	return nil
}

// days writes a duration in days (hours under a day).
func days(d time.Duration) string {
	if d < 24*time.Hour {
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}
