package load

import (
	"context"
	"fmt"
	"strings"

	sqlfiles "github.com/hanoi-sti/chitieu/sql"
	"github.com/hanoi-sti/chitieu/transform"
)

// loadTasks keeps the rows of a report's task sheet: the accepted ones in
// task_progress, dated by the payload's vintage, the rejected ones in
// rejected_rows. A sheet holds a few dozen rows, so prepared statements
// inside the run's transaction do: a failed run takes them back with the
// rest.
func (r *Run) loadTasks(ctx context.Context, st *Staged, tasks []transform.TaskProgress) error {
	if len(tasks) == 0 {
		return nil
	}
	p := st.Payload
	ins, err := r.conn.PrepareContext(ctx, sqlfiles.Load("insert_task_progress"))
	if err != nil {
		return r.fail(fmt.Errorf("%s: insert task progress: %w", p.URI, err))
	}
	defer ins.Close()
	rej, err := r.conn.PrepareContext(ctx, sqlfiles.Load("insert_task_rejected"))
	if err != nil {
		return r.fail(fmt.Errorf("%s: insert rejected task rows: %w", p.URI, err))
	}
	defer rej.Close()
	for _, t := range tasks {
		o := t.Raw.Origin
		if t.Reject != "" {
			raw := strings.Join([]string{t.Raw.Status, t.Raw.Allocated, t.Raw.Disbursed}, "; ")
			if _, err := rej.ExecContext(ctx, r.ID, st.PayloadID, p.Source, p.URI, nullIfEmpty(o.Sheet), o.Row,
				nullIfEmpty(o.Column), t.Raw.Task, nullIfEmpty(t.Agency), raw, t.Reject); err != nil {
				return r.fail(fmt.Errorf("%s: insert rejected task row %d: %w", p.URI, o.Row, err))
			}
			st.taskRows.Rejected++
			continue
		}
		var date any
		if t.DocDate != nil {
			date = *t.DocDate
		}
		res, err := ins.ExecContext(ctx, t.TaskNo, t.Agency, t.Status, nullIfEmpty(t.DocNo), date,
			floatOrNil(t.Allocated), floatOrNil(t.Disbursed), nullIfEmpty(t.Note), st.vintage, st.PayloadID, r.ID,
			nullIfEmpty(o.Sheet), o.Row, t.PlanID)
		var n int64
		if err == nil {
			n, err = res.RowsAffected()
		}
		if err != nil {
			return r.fail(fmt.Errorf("%s: insert task progress row %d: %w", p.URI, o.Row, err))
		}
		st.taskRows.Accepted++
		st.tasksNew += n
	}
	st.taskRows.Read = int64(len(tasks))
	return nil
}

func floatOrNil(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
