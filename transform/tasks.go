package transform

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
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
	tp := checkTask(r, s.info.AgencyCode, s.leads())
	s.tasks = append(s.tasks, tp)
	return nil
}

// Tasks returns the payload's task rows, accepted and rejected; complete
// once Wait has returned.
func (s *Stream) Tasks() []TaskProgress { return s.tasks }

// taskRef is one plan's task of a number: the plan and its lead agency.
type taskRef struct{ plan, lead string }

// leads maps a task number to the plans' tasks of that number.
func (s *Stream) leads() map[int][]taskRef {
	if s.taskLeads == nil {
		s.taskLeads = map[int][]taskRef{}
		if s.cfg.Ref != nil {
			for _, t := range s.cfg.Ref.Tasks {
				s.taskLeads[t.No] = append(s.taskLeads[t.No], taskRef{t.PlanID, t.Lead})
			}
		}
	}
	return s.taskLeads
}

// whichTask finds the task a row names: "N" is the task numbered N of the
// one plan that has one, or of the one such plan the reporting agency
// leads it in; "PLAN:N" names the plan (its id) as well. The second value
// is why none is found.
func whichTask(cell, agency string, leads map[int][]taskRef) (no int, ref taskRef, reject string) {
	plan, num, named := strings.Cut(strings.TrimSpace(cell), ":")
	if !named {
		plan, num = "", plan
	}
	no, err := strconv.Atoi(strings.TrimSpace(num))
	if err != nil {
		if v, ferr := strconv.ParseFloat(strings.TrimSpace(num), 64); ferr == nil && v == float64(int(v)) {
			no, err = int(v), nil
		}
	}
	if err != nil {
		return 0, ref, fmt.Sprintf("unknown task %q: want the task's number in the plan (or PLAN:N)", cell)
	}
	var cands []taskRef
	for _, r := range leads[no] {
		if !named || strings.EqualFold(r.plan, strings.TrimSpace(plan)) {
			cands = append(cands, r)
		}
	}
	if len(cands) > 1 {
		var mine []taskRef
		for _, r := range cands {
			if strings.EqualFold(r.lead, agency) {
				mine = append(mine, r)
			}
		}
		if len(mine) != 1 {
			plans := make([]string, len(cands))
			for i, r := range cands {
				plans[i] = r.plan
			}
			return no, ref, fmt.Sprintf("unknown task %d: the plans %s each have a task %d; write PLAN:%d", no, strings.Join(plans, ", "), no, no)
		}
		cands = mine
	}
	if len(cands) == 0 {
		if named {
			return no, ref, fmt.Sprintf("unknown task %d: plan %s has no such task", no, strings.TrimSpace(plan))
		}
		return no, ref, fmt.Sprintf("unknown task %d: the plan has no such task", no)
	}
	return no, cands[0], ""
}

// checkTask reads a task row; the first problem found is its reason.
func checkTask(r extract.TaskRow, agency string, leads map[int][]taskRef) TaskProgress {
	tp := TaskProgress{Raw: r, Agency: strings.TrimSpace(agency), DocNo: r.DocNo, Note: r.Note}
	reject := func(format string, args ...any) TaskProgress {
		tp.Reject = fmt.Sprintf(format, args...)
		return tp
	}
	no, task, why := whichTask(r.Task, tp.Agency, leads)
	if why != "" {
		return reject("%s", why)
	}
	tp.TaskNo, tp.PlanID = no, task.plan
	switch {
	case tp.Agency == "":
		return reject("task %d: the report names no agency (Mã đơn vị)", no)
	case !strings.EqualFold(task.lead, tp.Agency):
		return reject("task %d is led by %s, not %s", no, task.lead, tp.Agency)
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
