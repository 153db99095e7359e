package schedules

// Agency submissions. Agencies send their report workbooks (the plan's
// template, extract/excel) by mail or on a share; whoever receives them drops
// them into an inbox folder. This file matches each workbook to an agency and
// a reporting period from its "Thông tin" sheet — Mã đơn vị (the agency's
// code), else Đơn vị báo cáo (its name); Kỳ báo cáo (the period); Ngày báo
// cáo (the report's date) — and tells, for one period, which agencies have
// reported on time, late, or not at all.
//
// Deadlines (Plan 185/KH-UBND): the six-month report before 10 June, the
// annual report before 30 November, of the year reported on, in Hà Nội time.
// A report is on time when its Ngày báo cáo is before the deadline day: the
// date the agency signed it is what counts administratively, and a file's
// modification time changes whenever it is copied. The time the file reached
// the inbox is shown beside it.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/transform"
	"github.com/hanoi-sti/chitieu/transform/plan"
	"github.com/hanoi-sti/chitieu/vntext"
)

// Period is a reporting period: a year's first half (H1) or the whole year.
type Period struct {
	Year int
	H1   bool
}

func (p Period) String() string {
	if p.H1 {
		return fmt.Sprintf("%d-H1", p.Year)
	}
	return strconv.Itoa(p.Year)
}

// Deadline is the first day on which a report for p is late (reports are
// due before it), at midnight in loc.
func (p Period) Deadline(loc *time.Location) time.Time {
	if p.H1 {
		return time.Date(p.Year, time.June, 10, 0, 0, 0, 0, loc)
	}
	return time.Date(p.Year, time.November, 30, 0, 0, 0, 0, loc)
}

var periodArg = regexp.MustCompile(`^(\d{4})(?:-(H1|Y|FY))?$`)

// ParsePeriod reads a period as the command line gives it: 2023-H1 for the
// six-month report, 2023 (or 2023-Y) for the annual one.
func ParsePeriod(s string) (Period, error) {
	m := periodArg.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(s)))
	if m == nil {
		return Period{}, fmt.Errorf("period %q: want YYYY-H1 (six-month report) or YYYY (annual report)", s)
	}
	y, _ := strconv.Atoi(m[1])
	if y < 2000 || y > 2100 {
		return Period{}, fmt.Errorf("period %q: year out of range", s)
	}
	return Period{Year: y, H1: m[2] == "H1"}, nil
}

var (
	labelH1     = regexp.MustCompile(`^(?:bao cao )?(?:6|sau) thang dau nam (\d{4})$`)
	labelAnnual = regexp.MustCompile(`^(?:bao cao )?(?:ca )?nam (\d{4})$`)
)

// periodFromLabel reads the template's Kỳ báo cáo: "6 tháng đầu năm 2023",
// "Năm 2023".
func periodFromLabel(label string) (Period, bool) {
	f := vntext.FoldWords(label)
	if m := labelH1.FindStringSubmatch(f); m != nil {
		y, _ := strconv.Atoi(m[1])
		return Period{Year: y, H1: true}, true
	}
	if m := labelAnnual.FindStringSubmatch(f); m != nil {
		y, _ := strconv.Atoi(m[1])
		return Period{Year: y}, true
	}
	return Period{}, false
}

// MarshalJSON writes a period as the command line takes it: "2025-H1",
// "2025".
func (p Period) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(p.String())), nil }

// Submission is one workbook found in the inbox. Its JSON names are
// snake_case like the rest of chitieu's JSON, and dates that are not known
// are left out rather than written as 0001-01-01.
type Submission struct {
	File        string    `json:"file"`
	AgencyCode  string    `json:"agency_code,omitempty"` // as written in the workbook
	AgencyName  string    `json:"agency_name,omitempty"`
	PeriodLabel string    `json:"period_label,omitempty"`
	Period      Period    `json:"period,omitzero"`
	PeriodOK    bool      `json:"period_ok"` // PeriodLabel was understood
	ReportDate  time.Time `json:"report_date,omitzero"`
	Received    time.Time `json:"received,omitzero"` // the file's modification time
	// TaskSheet says the workbook has the task sheet (Nhiệm vụ); Tasks are
	// the task cells of its rows that give a status, as written: the
	// task's number, or PLAN:N where several plans have a task N.
	TaskSheet bool     `json:"task_sheet"`
	Tasks     []string `json:"tasks,omitempty"`
	Err       error    `json:"-"`                 // the workbook could not be read or matched
	Problem   string   `json:"problem,omitempty"` // Err as text, for JSON output
}

// maxSubmissionSize bounds a workbook read from the inbox.
const maxSubmissionSize = 256 << 20

// ScanInbox reads the "Thông tin" sheet of every .xlsx file under dir.
// A file that is not a readable report is returned with Err set, so the
// listing can say which file is wrong and why.
func ScanInbox(ctx context.Context, dir string) ([]Submission, error) {
	var out []Submission
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		name := d.Name()
		if d.IsDir() || !strings.EqualFold(filepath.Ext(name), ".xlsx") || strings.HasPrefix(name, "~$") {
			return nil // ~$ files are Excel's lock files of an open workbook
		}
		out = append(out, readSubmission(ctx, path))
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("inbox %s: %w", dir, err)
	}
	return out, nil
}

func readSubmission(ctx context.Context, path string) Submission {
	s := Submission{File: path}
	fi, err := os.Stat(path)
	if err != nil {
		s.Err = err
		return s
	}
	s.Received = fi.ModTime()
	if fi.Size() > maxSubmissionSize {
		s.Err = fmt.Errorf("%s is %d bytes, over the %d-byte limit", path, fi.Size(), maxSubmissionSize)
		return s
	}
	body, err := os.ReadFile(path)
	if err != nil {
		s.Err = err
		return s
	}
	if extract.LooksLikeHTML(extract.Head(body)) {
		// A login or error page saved under the workbook's name: say so,
		// not "zip: not a valid zip file".
		s.Err = fmt.Errorf("%s: this is an HTML page (an error or login page saved instead of the report?), not an xlsx workbook", path)
		return s
	}
	f, err := excel.Open(extract.Payload{URI: path, Body: body})
	if err != nil {
		s.Err = err
		return s
	}
	defer f.Close()
	if s.Err = readInfoSheet(f, &s); s.Err == nil {
		s.Err = readTaskSheet(ctx, f, &s)
	}
	return s
}

// readTaskSheet lists the tasks s reports on with a status. Whether they
// are the agency's tasks is CheckTasks's question, and whether each row
// is valid the loader's (a bad row is rejected with the reason there).
func readTaskSheet(ctx context.Context, f *excelize.File, s *Submission) error {
	var tasks taskNumbers
	found, err := excel.ReadTasks(ctx, f, s.File, &tasks)
	s.TaskSheet, s.Tasks = found, tasks
	return err
}

// taskNumbers collects the task cells of a task sheet's rows that give a
// status.
type taskNumbers []string

func (t *taskNumbers) Task(r extract.TaskRow) error {
	if cell := strings.TrimSpace(r.Task); cell != "" && strings.TrimSpace(r.Status) != "" {
		*t = append(*t, cell)
	}
	return nil
}

// readInfoSheet fills s from the template's "Thông tin" sheet.
func readInfoSheet(f *excelize.File, s *Submission) error {
	sheet := ""
	for _, n := range f.GetSheetList() {
		if excel.IsSheet(n, excel.InfoSheet) {
			sheet = n
		}
	}
	if sheet == "" {
		return errors.New(`no "Thông tin" sheet: not an agency report in the plan's template`)
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return fmt.Errorf("[%s]: %w", sheet, err)
	}
	for i, cells := range rows {
		if i >= 100 {
			break
		}
		if len(cells) < 2 {
			continue
		}
		field, _ := excel.InfoFieldOf(cells[0])
		val := strings.TrimSpace(cells[1])
		switch field {
		case excel.FieldAgencyCode:
			s.AgencyCode = val
		case excel.FieldAgency:
			s.AgencyName = val
		case excel.FieldPeriod:
			s.PeriodLabel = val
			s.Period, s.PeriodOK = periodFromLabel(val)
		case excel.FieldDate:
			t, err := excel.ParseDate(val)
			if err != nil {
				return fmt.Errorf("[%s] B%d: Ngày báo cáo %q: %w", sheet, i+1, val, err)
			}
			s.ReportDate = t
		}
	}
	switch {
	case s.AgencyCode == "" && s.AgencyName == "":
		return fmt.Errorf("[%s]: neither Mã đơn vị nor Đơn vị báo cáo is filled in", sheet)
	case s.PeriodLabel == "":
		return fmt.Errorf("[%s]: Kỳ báo cáo is empty", sheet)
	case s.ReportDate.IsZero():
		return fmt.Errorf("[%s]: Ngày báo cáo is empty", sheet)
	}
	return nil
}

// Submission statuses.
const (
	OnTime  = "on_time"
	Late    = "late"
	Missing = "missing" // not received and the deadline has passed
	Pending = "pending" // not received, not yet due
)

// AgencyStatus is one agency's report for a period.
type AgencyStatus struct {
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	Expected   bool      `json:"expected"` // the agency leads a KPI target, so it must report
	Status     string    `json:"status"`   // on_time, late, missing, pending
	ReportDate time.Time `json:"report_date,omitzero"`
	Received   time.Time `json:"received,omitzero"`
	File       string    `json:"file,omitempty"`
	Files      int       `json:"files"` // workbooks received for the period (revisions)
	// The task sheet of File (CheckTasks): the plans' tasks the agency
	// leads, those its report gives no status for, and those it reports
	// but does not lead or that name no task (the loader rejects them).
	// Each is named as a task sheet names it: its number, or PLAN:N where
	// several plans have a task N.
	TasksLed     []string `json:"tasks_led,omitempty"`
	TasksMissing []string `json:"tasks_missing,omitempty"`
	TasksNotLed  []string `json:"tasks_not_led,omitempty"`
	taskSheet    bool
	tasks        []string
}

// SubmissionReport is the state of one period's reports.
type SubmissionReport struct {
	Period   Period         `json:"period"`
	Deadline time.Time      `json:"deadline"` // reports are due before this day
	Agencies []AgencyStatus `json:"agencies"`
	// Problems are files that could not be read or matched to an agency.
	Problems []Submission `json:"problems"`
}

// ExpectedAgencies are the agencies that must report: the lead agency of
// each KPI target.
func ExpectedAgencies(ref *plan.Reference) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ref.Targets {
		if t.Lead != "" && !seen[t.Lead] {
			seen[t.Lead] = true
			out = append(out, t.Lead)
		}
	}
	sort.Strings(out)
	return out
}

// CheckSubmissions judges the inbox's workbooks for period p against its
// deadline at time now. The earliest on-time workbook of an agency decides
// its status; later ones are counted as revisions.
func CheckSubmissions(subs []Submission, agencies []plan.Agency, expected []string, p Period, now time.Time, loc *time.Location) SubmissionReport {
	rep := SubmissionReport{Period: p, Deadline: p.Deadline(loc)}
	byCode := map[string]plan.Agency{}
	byName := map[string]plan.Agency{}
	for _, a := range agencies {
		byCode[strings.ToUpper(a.Code)] = a
		byName[vntext.FoldWords(a.NameVI)] = a
	}
	status := map[string]*AgencyStatus{}
	for _, code := range expected {
		a := byCode[code]
		st := &AgencyStatus{Code: code, Name: a.NameVI, Expected: true, Status: Missing}
		if now.Before(rep.Deadline) {
			st.Status = Pending
		}
		status[code] = st
	}
	for _, s := range subs {
		if s.Err != nil {
			rep.Problems = append(rep.Problems, s)
			continue
		}
		if !s.PeriodOK {
			s.Err = fmt.Errorf("Kỳ báo cáo %q is not a six-month (6 tháng đầu năm YYYY) or annual (Năm YYYY) period", s.PeriodLabel)
			rep.Problems = append(rep.Problems, s)
			continue
		}
		if s.Period != p {
			continue
		}
		a, ok := byCode[strings.ToUpper(s.AgencyCode)]
		if !ok {
			a, ok = byName[vntext.FoldWords(s.AgencyName)]
		}
		if !ok {
			s.Err = fmt.Errorf("agency %q (Mã đơn vị %q) is not in the plan's list of agencies", s.AgencyName, s.AgencyCode)
			rep.Problems = append(rep.Problems, s)
			continue
		}
		st := status[a.Code]
		if st == nil {
			st = &AgencyStatus{Code: a.Code, Name: a.NameVI}
			status[a.Code] = st
		}
		st.Files++
		day := time.Date(s.ReportDate.Year(), s.ReportDate.Month(), s.ReportDate.Day(), 0, 0, 0, 0, loc)
		verdict := OnTime
		if !day.Before(rep.Deadline) {
			verdict = Late
		}
		if st.File == "" || (verdict == OnTime && st.Status != OnTime) || (verdict == st.Status && s.ReportDate.Before(st.ReportDate)) {
			st.Status, st.ReportDate, st.Received, st.File = verdict, s.ReportDate, s.Received, s.File
			st.taskSheet, st.tasks = s.TaskSheet, s.Tasks
		}
	}
	for _, st := range status {
		rep.Agencies = append(rep.Agencies, *st)
	}
	sort.Slice(rep.Agencies, func(i, j int) bool { return rep.Agencies[i].Code < rep.Agencies[j].Code })
	for i := range rep.Problems {
		rep.Problems[i].Problem = rep.Problems[i].Err.Error()
	}
	sort.Slice(rep.Problems, func(i, j int) bool { return rep.Problems[i].File < rep.Problems[j].File })
	return rep
}

// CheckTasks checks the task sheet of each agency's report against the
// plans' tasks (plan.Reference.Tasks, every plan's): the tasks the agency
// leads that the report gives no status for, and those it reports but
// another agency leads or that name no task. A cell is read as the loader
// reads it (transform.TaskIndex): N, or PLAN:N where several plans have a
// task N.
func (rep *SubmissionReport) CheckTasks(tasks []plan.Task) {
	ix := transform.NewTaskIndex(tasks)
	for i := range rep.Agencies {
		a := &rep.Agencies[i]
		for _, t := range tasks {
			if strings.EqualFold(t.Lead, a.Code) {
				a.TasksLed = append(a.TasksLed, ix.Label(t))
			}
		}
		if a.File == "" {
			continue
		}
		reported := map[string]bool{}
		for _, cell := range a.tasks {
			t, reject := ix.Find(cell, a.Code)
			if reject != "" || !strings.EqualFold(t.Lead, a.Code) {
				a.TasksNotLed = append(a.TasksNotLed, cell)
				continue
			}
			reported[ix.Label(t)] = true
		}
		for _, label := range a.TasksLed {
			if !reported[label] {
				a.TasksMissing = append(a.TasksMissing, label)
			}
		}
	}
}

// TaskSheetText says in a few words what CheckTasks found for an agency:
// "7/7", "no task sheet (leads 7)", "5/7, missing 6 7", "2/2, not its own 18".
func (a AgencyStatus) TaskSheetText() string {
	if a.File == "" {
		return ""
	}
	if !a.taskSheet && len(a.TasksLed) > 0 {
		return fmt.Sprintf("no task sheet (leads %d)", len(a.TasksLed))
	}
	txt := fmt.Sprintf("%d/%d", len(a.TasksLed)-len(a.TasksMissing), len(a.TasksLed))
	if len(a.TasksMissing) > 0 {
		txt += ", missing" + joinTasks(a.TasksMissing)
	}
	if len(a.TasksNotLed) > 0 {
		txt += ", not its own" + joinTasks(a.TasksNotLed)
	}
	return txt
}

func joinTasks(ns []string) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString(" " + n)
	}
	return b.String()
}
