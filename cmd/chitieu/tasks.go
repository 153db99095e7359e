package main

import (
	"context"

	"github.com/hanoi-sti/chitieu/load"
)

func init() {
	commands["tasks"] = command{"list the plan's tasks with their reported status (task_status)", tasksCmd}
}

func tasksCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("tasks", "[flags]", `Lists a plan's tasks (Plan 185's 35) with the newest status their lead agency
reported on the task sheet (Nhiệm vụ) of its report workbook: chưa triển
khai, đang triển khai, hoàn thành or đã ban hành, the document issued and the
budget allocated and disbursed against the plan's budget (tỷ đồng). A task
the plan lists as already issued shows "đã ban hành (kế hoạch)" until its
agency reports. A task is overdue when its due period has ended and it is
neither reported done (hoàn thành, đã ban hành) nor issued before the plan.
With --as-of it shows what was known on that date and what was overdue then.
Without --plan it lists the plan in force today (chitieu plan list).`, e.stderr)
	db := dbFlag(fs)
	planName := planFlag(fs, "the plan")
	overdue := fs.Bool("overdue", false, "only the overdue tasks")
	agency := fs.String("agency", "", "only the tasks this agency leads (its code, e.g. SKHCN)")
	format := formatFlag(fs)
	asOfText := fs.String("as-of", "", "as known and due on this date (YYYY-MM-DD, the whole day) or at this time (RFC 3339); default now")
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
	w, err := openForReading(ctx, e, *db)
	if err != nil {
		return err
	}
	defer w.Close()
	p, err := choosePlan(ctx, w, *planName)
	if err != nil {
		return err
	}
	rows, err := w.TaskStatus(ctx, load.TaskQuery{Plan: p.ID, Overdue: *overdue, Agency: *agency, AsOf: asOf})
	if err != nil {
		return err
	}
	defer rows.Close()
	_, err = printRows(e.stdout, rows, *format)
	return err
}
