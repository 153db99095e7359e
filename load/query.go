package load

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	sqlfiles "github.com/hanoi-sti/chitieu/sql"
)

// KPIQuery selects the rows of kpi_status to show.
type KPIQuery struct {
	Plan string // the plan's id (ResolvePlan); "" the plan in force today
	Year int    // 0: each KPI's latest year with data
	All  bool   // every year from the plan's baseline to its horizons
	// AsOf, when set, shows the KPIs as they were known at that time: only
	// vintages published at or before it count. Zero means the newest.
	AsOf time.Time
}

// latest stands for "every vintage": the as_of macros compare vintages with it.
var latest = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// KPIStatus returns the KPI table as 'chitieu kpi' prints it.
func (w *Warehouse) KPIStatus(ctx context.Context, q KPIQuery) (*sql.Rows, error) {
	asOf := latest
	if !q.AsOf.IsZero() {
		asOf = q.AsOf.UTC()
	}
	rows, err := w.db.QueryContext(ctx, sqlfiles.Load("kpi_report"), q.Year, q.All, asOf, q.Plan)
	if err != nil {
		return nil, fmt.Errorf("%s: kpi_status: %w", w.path, err)
	}
	return rows, nil
}

// FirstVintage is the vintage of the oldest value in the warehouse (zero
// when it holds none): before it, nothing was known.
func (w *Warehouse) FirstVintage(ctx context.Context) (time.Time, error) {
	var t sql.NullTime
	if err := w.db.QueryRowContext(ctx, sqlfiles.Load("first_vintage")).Scan(&t); err != nil {
		return time.Time{}, fmt.Errorf("%s: first vintage: %w", w.path, err)
	}
	return t.Time, nil
}

// TaskQuery selects the rows of task_status_as_of to show.
type TaskQuery struct {
	Plan    string // the plan's id (ResolvePlan); "" the plan in force today
	Overdue bool   // only tasks overdue at AsOf
	Agency  string // only the tasks this agency leads (agencies.code); "" = all
	// AsOf is the time the tasks are taken at: reports dated by then
	// count, and a task is overdue when its due period ended before its
	// date. Zero means now.
	AsOf time.Time
}

// TaskStatus returns the plan's tasks as 'chitieu tasks' prints them.
func (w *Warehouse) TaskStatus(ctx context.Context, q TaskQuery) (*sql.Rows, error) {
	asOf := q.AsOf
	if asOf.IsZero() {
		asOf = time.Now()
	}
	rows, err := w.db.QueryContext(ctx, sqlfiles.Load("tasks_report"), asOf.UTC(), q.Overdue, q.Agency, q.Plan)
	if err != nil {
		return nil, fmt.Errorf("%s: task_status: %w", w.path, err)
	}
	return rows, nil
}
