package main

import (
	"context"
	"fmt"
	"time"

	"github.com/hanoi-sti/chitieu/load"
)

func init() {
	commands["kpi"] = command{"print the KPIs beside their targets (kpi_status)", kpiCmd}
}

func kpiCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("kpi", "[flags]", `Prints a plan's KPIs beside their targets, from the kpi_status view: the
actual value (for average targets, the average since the plan's first year),
the value expected at the target's horizon on the current trend, the gap and
a status judged by UN ESCAP's anticipated progress. Without --plan it shows
the plan in force today (chitieu plan list says which; after the last plan's
period, the plan that ended last: Plan 185/KH-UBND). Without --year it shows
each KPI's latest year with data. With --as-of it shows what was known on
that date: only values whose vintage (report date) is on or before it, and
each target as in force then (an amended target from its decision's date),
so an earlier review can be reproduced after the statistics were revised.`, e.stderr)
	db := dbFlag(fs)
	planName := planFlag(fs, "the plan")
	year := fs.Int("year", 0, "show this year (the plan's baseline to its last year: 2020–2025 for Plan 185)")
	all := fs.Bool("all", false, "show every year from the plan's baseline")
	format := formatFlag(fs)
	asOfText := fs.String("as-of", "", "show what was known on this date (YYYY-MM-DD, the whole day) or at this time (RFC 3339)")
	if err := parse(fs, args); err != nil {
		return err
	}
	asOf, err := parseAsOf(*asOfText)
	if err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if *year != 0 && *all {
		return usageError{"--year and --all exclude each other: --year N shows one year, --all every year"}
	}
	w, err := openForReading(ctx, e, *db)
	if err != nil {
		return err
	}
	defer w.Close()
	p, err := choosePlan(ctx, w, *planName)
	if err != nil {
		return err
	}
	if *year != 0 && (*year < p.BaselineYear || *year > p.LastYear) {
		return usageError{fmt.Sprintf("--year %d: plan %s covers %d (baseline) to %d", *year, p.Number, p.BaselineYear, p.LastYear)}
	}
	rows, err := w.KPIStatus(ctx, load.KPIQuery{Plan: p.ID, Year: *year, All: *all, AsOf: asOf})
	if err != nil {
		return err
	}
	defer rows.Close()
	if _, err = printRows(e.stdout, rows, *format); err != nil || asOf.IsZero() {
		return err
	}
	// Rows of no_data alone do not say why: before the first vintage,
	// nothing was known.
	first, err := w.FirstVintage(ctx)
	if err != nil {
		return err
	}
	if first.IsZero() || asOf.Before(first) {
		msg := fmt.Sprintf("nothing was known on %s: the warehouse holds no value published by then", *asOfText)
		if !first.IsZero() {
			msg += fmt.Sprintf(" (its earliest vintage is %s)", first.UTC().Format(time.DateOnly))
		}
		out := e.stdout
		if *format == "csv" || *format == "json" {
			out = e.stderr // keep the data stream machine-readable
		}
		fmt.Fprintln(out, msg)
	}
	return nil
}

// parseAsOf reads --as-of. A date means the end of that day (UTC), so a
// report dated 30 November counts as known "as of 2023-11-30".
func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.Add(24*time.Hour - time.Microsecond), nil
	}
	if ts, err := time.Parse(time.RFC3339, s); err == nil {
		return ts.UTC(), nil
	}
	return time.Time{}, usageError{fmt.Sprintf("--as-of %q: want a date YYYY-MM-DD or a time like 2023-11-30T17:00:00+07:00", s)}
}
