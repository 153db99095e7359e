package load

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	sqlfiles "github.com/hanoi-sti/chitieu/sql"
)

// PlanInfo is one plan of the warehouse (the plans table), as a command
// shows it.
type PlanInfo struct {
	ID, Number, TitleVI, TitleEN      string
	FirstYear, LastYear, BaselineYear int
}

// ResolvePlan returns the plan name means: a plan id (hn-185-2021) or a
// document number (185/KH-UBND), in any case; "" means the plan in force
// at now (plan_in_force: its period contains now's year, else the plan
// that ended last). An unknown name is an error that lists the plans.
func (w *Warehouse) ResolvePlan(ctx context.Context, name string, now time.Time) (PlanInfo, error) {
	var p PlanInfo
	err := w.db.QueryRowContext(ctx, sqlfiles.Load("resolve_plan"), strings.TrimSpace(name), now.UTC()).
		Scan(&p.ID, &p.Number, &p.TitleVI, &p.TitleEN, &p.FirstYear, &p.LastYear, &p.BaselineYear)
	if errors.Is(err, sql.ErrNoRows) {
		known, lerr := sqlfiles.Column(ctx, w.db, "plan_names")
		if lerr != nil {
			return p, lerr
		}
		if name == "" {
			return p, fmt.Errorf("%s holds no plan", w.path)
		}
		return p, fmt.Errorf("no plan %q in %s (it holds %s)", name, w.path, strings.Join(known, ", "))
	}
	if err != nil {
		return p, fmt.Errorf("%s: plans: %w", w.path, err)
	}
	return p, nil
}

// Plans returns what 'chitieu plan list' prints (plan_overview).
func (w *Warehouse) Plans(ctx context.Context) (*sql.Rows, error) {
	rows, err := w.db.QueryContext(ctx, sqlfiles.Load("plan_list"))
	if err != nil {
		return nil, fmt.Errorf("%s: plans: %w", w.path, err)
	}
	return rows, nil
}

// RemovePlan takes a plan out of the warehouse: its header, reviews, KPIs
// and their formulas, targets and tasks (the delete_plan statements that
// seeding runs before it seeds a plan again). The values and task reports
// stay, as every loaded row does. A built-in plan cannot be removed: every
// open seeds it again. A plan a sources file still names comes back with
// the next run.
func (w *Warehouse) RemovePlan(ctx context.Context, id string) error {
	if p, ok := w.ref.Plan(id); ok && p.Builtin {
		return fmt.Errorf("plan %s is built into chitieu (%s): every open seeds it again", id, p.Folder)
	}
	var n int
	if err := w.db.QueryRowContext(ctx, sqlfiles.Load("plan_exists"), id).Scan(&n); err != nil {
		return fmt.Errorf("%s: plans: %w", w.path, err)
	}
	if n == 0 {
		known, err := sqlfiles.Column(ctx, w.db, "plan_names")
		if err != nil {
			return err
		}
		return fmt.Errorf("no plan %q in %s (it holds %s)", id, w.path, strings.Join(known, ", "))
	}
	return w.withTx(ctx, func(tx *sql.Tx) error { return deletePlan(ctx, tx, id) })
}
