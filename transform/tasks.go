package transform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/transform/plan"
	"github.com/hanoi-sti/chitieu/vntext"
)

// TaskProgress is one row of an agency report's task sheet after checking
// against the plan: accepted (Reject empty) it goes to task_progress,
// rejected to rejected_rows with Reject as the reason. A task sheet holds
// a few dozen rows, so the stream keeps them all and hands them to the
// loader at the end (Stream.Tasks) rather than as Arrow batches.
type TaskProgress struct {
	Raw                  extract.TaskRow
	Agency               string // the reporting agency (Mã đơn vị)
	PlanID               string // the plan whose task it is
	TaskNo               int
	Status               string     // one of extract.TaskStatuses, as stored
	DocNo                string     // "" = none
	DocDate              *time.Time // nil = none
	Allocated, Disbursed *float64   // billion VND; nil = empty cell
	Note                 string
	Reject               string
}

// Task implements extract.TaskSink: it checks one task row against the
// plan's tasks and keeps it, accepted or rejected. Only the task's lead
// agency reports on it: a report from another agency would otherwise
// overwrite the lead's status.
func (s *Stream) Task(r extract.TaskRow) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	if s.taskIndex == nil {
		var tasks []plan.Task
		if s.cfg.Ref != nil {
			tasks = s.cfg.Ref.Tasks
		}
		s.taskIndex = NewTaskIndex(tasks)
	}
	tp := checkTask(r, s.info.AgencyCode, s.taskIndex)
	s.tasks = append(s.tasks, tp)
	return nil
}

// Tasks returns the payload's task rows, accepted and rejected; complete
// once Wait has returned.
func (s *Stream) Tasks() []TaskProgress { return s.tasks }

// TaskIndex finds the plan task a task sheet's cell names among the tasks
// of every plan the warehouse follows. Plans number their tasks from 1, so
// a bare number can name a task of several plans: the cell is then
// "PLAN:N" (hn-185-2021:18). The loader (Stream.Task) and the inbox check
// (schedules.CheckTasks) read the cells the same way through it.
type TaskIndex struct {
	byNo  map[int][]plan.Task
	plans []string // the plan ids, in the order first seen
}

// NewTaskIndex indexes tasks (plan.Reference.Tasks: every plan's).
func NewTaskIndex(tasks []plan.Task) *TaskIndex {
	ix := &TaskIndex{byNo: map[int][]plan.Task{}}
	for _, t := range tasks {
		ix.byNo[t.No] = append(ix.byNo[t.No], t)
		if !slices.Contains(ix.plans, t.PlanID) {
			ix.plans = append(ix.plans, t.PlanID)
		}
	}
	return ix
}

// Label is how a task sheet names t: its number when no other plan has a
// task of that number, else PLAN:N.
func (ix *TaskIndex) Label(t plan.Task) string {
	if len(ix.byNo[t.No]) > 1 {
		return fmt.Sprintf("%s:%d", t.PlanID, t.No)
	}
	return strconv.Itoa(t.No)
}

// Find returns the task a cell names for the reporting agency: "N" is the
// task numbered N of the one plan that has one or, when several plans
// have one, of the one plan among them whose task N the agency leads;
// "PLAN:N" names the plan (its id, any case) as well. Whether the agency
// leads the task found is the caller's question. reject says why no task
// is found; each reason starts "unknown task", which reject_reason_code
// (migration 006) counts as unknown_task.
func (ix *TaskIndex) Find(cell, agency string) (t plan.Task, reject string) {
	planID, num, named := strings.Cut(strings.TrimSpace(cell), ":")
	if !named {
		planID, num = "", planID
	}
	planID = strings.TrimSpace(planID)
	no, err := strconv.Atoi(strings.TrimSpace(num))
	if err != nil {
		if v, ferr := strconv.ParseFloat(strings.TrimSpace(num), 64); ferr == nil && v == float64(int(v)) {
			no, err = int(v), nil
		}
	}
	if err != nil || (named && planID == "") {
		return t, fmt.Sprintf("unknown task %q: want the task's number in the plan, or PLAN:N (hn-185-2021:18)", cell)
	}
	if named && !slices.ContainsFunc(ix.plans, func(p string) bool { return strings.EqualFold(p, planID) }) {
		return t, fmt.Sprintf("unknown task %q: no plan %s has tasks (the plans are %s)", cell, planID, strings.Join(ix.plans, ", "))
	}
	var cands []plan.Task
	for _, c := range ix.byNo[no] {
		if !named || strings.EqualFold(c.PlanID, planID) {
			cands = append(cands, c)
		}
	}
	if len(cands) > 1 {
		var mine []plan.Task
		for _, c := range cands {
			if strings.EqualFold(c.Lead, agency) {
				mine = append(mine, c)
			}
		}
		if len(mine) != 1 {
			forms := make([]string, len(cands))
			for i, c := range cands {
				forms[i] = fmt.Sprintf("%s:%d (led by %s)", c.PlanID, no, c.Lead)
			}
			return t, fmt.Sprintf("unknown task %d: several plans have a task %d; write which: %s", no, no, strings.Join(forms, " or "))
		}
		cands = mine
	}
	if len(cands) == 0 {
		if named {
			return t, fmt.Sprintf("unknown task %d: plan %s has no such task", no, planID)
		}
		return t, fmt.Sprintf("unknown task %d: the plan has no such task", no)
	}
	return cands[0], ""
}

// checkTask reads a task row; the first problem found is its reason.
func checkTask(r extract.TaskRow, agency string, tasks *TaskIndex) TaskProgress {
	tp := TaskProgress{Raw: r, Agency: strings.TrimSpace(agency), DocNo: r.DocNo, Note: r.Note}
	reject := func(format string, args ...any) TaskProgress {
		tp.Reject = fmt.Sprintf(format, args...)
		return tp
	}
	task, why := tasks.Find(r.Task, tp.Agency)
	if why != "" {
		return reject("%s", why)
	}
	no, label := task.No, tasks.Label(task)
	tp.TaskNo, tp.PlanID = no, task.PlanID
	switch {
	case tp.Agency == "":
		return reject("task %s: the report names no agency (Mã đơn vị)", label)
	case !strings.EqualFold(task.Lead, tp.Agency):
		return reject("task %s is led by %s, not %s", label, task.Lead, tp.Agency)
	}
	status := vntext.Fold(strings.TrimSpace(r.Status))
	for _, word := range extract.TaskStatuses {
		if status == vntext.Fold(word) {
			tp.Status = word
		}
	}
	if tp.Status == "" {
		return reject("unknown task status %q for task %d: want one of %s", r.Status, no, strings.Join(extract.TaskStatuses, ", "))
	}
	if d := strings.TrimSpace(r.DocDate); d != "" {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			return reject("document date %q of task %d is not a date", r.DocDate, no)
		}
		tp.DocDate = &t
	}
	for _, b := range []struct {
		name, text string
		dst        **float64
	}{{"allocated", r.Allocated, &tp.Allocated}, {"disbursed", r.Disbursed, &tp.Disbursed}} {
		if strings.TrimSpace(b.text) == "" {
			continue
		}
		n, err := ParseNumber(b.text)
		if err != nil || n.Missing || n.Percent || n.Value < 0 {
			return reject("budget %s %q of task %d is not a number of billion VND", b.name, b.text, no)
		}
		v := n.Value
		*b.dst = &v
	}
	return tp
}
