package main

import (
	"context"
	"fmt"

	"github.com/hanoi-sti/chitieu/load"
)

func init() {
	commands["kpi"] = command{"print the KPIs beside their targets (kpi_status)", kpiCmd}
}

func kpiCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("kpi", "[flags]", `Prints the plan's KPIs beside their 2025 targets, from the kpi_status view:
the actual value (for average targets, the average since 2021), the value
expected in 2025 on the current trend, the gap and a status. Without --year it
shows each KPI's latest year with data.`, e.stderr)
	db := dbFlag(fs)
	year := fs.Int("year", 0, "show this year (2020–2025)")
	all := fs.Bool("all", false, "show every year 2020–2025")
	format := fs.String("format", "table", "output format: table, csv or json (JSON lines)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if *year != 0 && (*year < 2020 || *year > 2025) {
		return usageError{fmt.Sprintf("--year %d: the plan covers 2020 (baseline) to 2025", *year)}
	}
	w, err := load.Open(ctx, *db, load.Options{ReadOnly: true, Logger: e.log})
	if err != nil {
		return err
	}
	defer w.Close()
	rows, err := w.KPIStatus(ctx, load.KPIQuery{Year: *year, All: *all})
	if err != nil {
		return err
	}
	defer rows.Close()
	_, err = printRows(e.stdout, rows, *format)
	return err
}
