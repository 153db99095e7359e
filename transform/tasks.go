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

// leads maps each plan task's number to its lead agency's code.
func (s *Stream) leads() map[int]string {
	if s.taskLeads == nil {
		s.taskLeads = map[int]string{}
		if s.cfg.Ref != nil {
			for _, t := range s.cfg.Ref.Tasks {
				s.taskLeads[t.No] = t.Lead
			}
		}
	}
	return s.taskLeads
}

// checkTask reads a task row; the first problem found is its reason.
func checkTask(r extract.TaskRow, agency string, leads map[int]string) TaskProgress {
	tp := TaskProgress{Raw: r, Agency: strings.TrimSpace(agency), DocNo: r.DocNo, Note: r.Note}
	reject := func(format string, args ...any) TaskProgress {
		tp.Reject = fmt.Sprintf(format, args...)
		return tp
	}
	no, err := strconv.Atoi(strings.TrimSpace(r.Task))
	if err != nil {
		if v, ferr := strconv.ParseFloat(strings.TrimSpace(r.Task), 64); ferr == nil && v == float64(int(v)) {
			no, err = int(v), nil
		}
	}
	if err != nil {
		return reject("unknown task %q: want the task's number in the plan", r.Task)
	}
	tp.TaskNo = no
	lead, ok := leads[no]
	switch {
	case !ok:
		return reject("unknown task %d: the plan has no such task", no)
	case tp.Agency == "":
		return reject("task %d: the report names no agency (Mã đơn vị)", no)
	case !strings.EqualFold(lead, tp.Agency):
		return reject("task %d is led by %s, not %s", no, lead, tp.Agency)
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
