package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/hanoi-sti/chitieu/load"

	"github.com/hanoi-sti/chitieu/transform/plan"
)

func init() {
	commands["plan"] = command{"check a plan folder, or list the plans in the warehouse", planCmd}
}

const planHelp = `A plan is a folder of data files: plan.tsv (its header), reviews.tsv,
agencies.tsv, kpis.tsv (each KPI with its formula), targets.tsv (targets and
their amendments), tasks.tsv and, if it needs input series the shared
catalogue lacks, inputs.tsv; docs/plan-folder.md describes every column.
Plan 185/KH-UBND is built in (transform/plan/plans/hn-185-2021); a later
plan is a folder named in the sources file (plans = ["plans/…"]), seeded by
every run.

  chitieu plan check DIR…   reads each folder and lists every problem as
                            file:line:column (column name): what is wrong;
                            exits 1 if any folder has one
  chitieu plan list         the plans in the warehouse, which is in force
                            today and which the commands use by default
  chitieu plan remove ID    takes a plan (header, reviews, KPIs, targets,
                            tasks) out of the warehouse; its values and task
                            reports stay. Take it out of the sources file
                            first, or the next run seeds it again. The
                            built-in Plan 185 cannot be removed.`

func planCmd(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return planCheck(e, args[1:])
		case "list":
			return planList(ctx, e, args[1:])
		case "remove":
			return planRemove(ctx, e, args[1:])
		}
	}
	fs := newFlags("plan", "check DIR… | list [flags] | remove ID [flags]", planHelp, e.stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"want a subcommand: check DIR…, list or remove ID"}
	}
	return usageError{fmt.Sprintf("unknown subcommand %q (want check, list or remove)", fs.Arg(0))}
}

// planCheck reads every folder against the built-in reference data and
// plans, and prints its problems or a one-line summary.
func planCheck(e *env, args []string) error {
	fs := newFlags("plan check", "DIR…", planHelp, e.stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"no plan folder given"}
	}
	ref, err := plan.Load()
	if err != nil {
		return err
	}
	bad := 0
	for _, dir := range fs.Args() {
		p, err := ref.LoadPlanDir(dir)
		builtin := false
		if err == nil {
			if q, ok := ref.Plan(p.ID); ok && q.Builtin && sameFolder(dir, q.Folder) {
				builtin = true // the built-in plan's own folder, checked again
			} else if ok {
				err = fmt.Errorf("plan id %s is the built-in plan's (%s): a plan folder needs an id of its own (plan.tsv)", p.ID, q.Folder)
			} else {
				err = ref.AddPlan(p)
			}
		}
		if err != nil {
			bad++
			var ps plan.Problems
			if errors.As(err, &ps) {
				for _, pr := range ps {
					fmt.Fprintln(e.stdout, pr.Error())
				}
				fmt.Fprintf(e.stdout, "%s: %d problem(s)\n", dir, len(ps))
			} else {
				fmt.Fprintf(e.stdout, "%s: %v\n", dir, err)
			}
			continue
		}
		amendments := 0
		for _, t := range p.Targets {
			if t.Decision != p.Number {
				amendments++
			}
		}
		ok := "ok"
		if builtin {
			ok = "ok (the built-in plan)"
		}
		fmt.Fprintf(e.stdout, "%s: plan %s (%s, %d–%d, baseline %d, place %s): %d KPIs, %d targets (%d amendment(s)), %d tasks, %d reviews: %s\n",
			dir, p.ID, p.Number, p.FirstYear, p.LastYear, p.BaselineYear, p.Geo, len(p.KPIs), len(p.Targets), amendments, len(p.Tasks), len(p.Reviews), ok)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d plan folder(s) have problems", bad, fs.NArg())
	}
	return nil
}

// planList prints the plans the warehouse holds.
func planList(ctx context.Context, e *env, args []string) error {
	fs := newFlags("plan list", "[flags]", planHelp, e.stderr)
	db := dbFlag(fs)
	format := formatFlag(fs)
	if err := parse(fs, args); err != nil {
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
	rows, err := w.Plans(ctx)
	if err != nil {
		return err
	}
	defer rows.Close()
	_, err = printRows(e.stdout, rows, *format)
	return err
}

// sameFolder says whether dir is a built-in plan's folder (shown as its
// place in the source tree, transform/plan/plans/ID).
func sameFolder(dir, builtin string) bool {
	abs, err := filepath.Abs(dir)
	return err == nil && strings.HasSuffix(filepath.ToSlash(abs), "/"+builtin)
}

// planRemove takes a plan out of the warehouse, as a writer.
func planRemove(ctx context.Context, e *env, args []string) error {
	fs := newFlags("plan remove", "ID [flags]", planHelp, e.stderr)
	db := dbFlag(fs)
	wait := fs.Duration("wait", 0, "if another chitieu is writing the warehouse, wait this long for it instead of failing")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"give one plan id (chitieu plan list shows them)"}
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("open warehouse %s: %w", *db, err)
	}
	id := fs.Arg(0)
	_, err := load.Write(ctx, *db, load.WriteOptions{Options: load.Options{Logger: e.log}, Wait: *wait, Command: "chitieu plan remove", Snapshot: true},
		func(ctx context.Context, w *load.Warehouse) error { return w.RemovePlan(ctx, id) })
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "removed plan %s from %s\n", id, *db)
	return nil
}

// planFlag is the --plan flag of the commands that show one plan (kpi,
// tasks, sql); choosePlan resolves it once the warehouse is open.
func planFlag(fs *pflag.FlagSet, what string) *string {
	return fs.String("plan", "", what+": its id (hn-185-2021) or number (185/KH-UBND); default the plan in force today")
}

// choosePlan is the plan name means ("" the plan in force now); a name
// the warehouse does not hold is a usage error that lists its plans.
func choosePlan(ctx context.Context, w *load.Warehouse, name string) (load.PlanInfo, error) {
	p, err := w.ResolvePlan(ctx, name, time.Now())
	if err != nil {
		return p, usageError{err.Error()}
	}
	return p, nil
}
