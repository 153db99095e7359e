// Package report writes the review reports a plan foresees (its
// reviews.tsv: for Plan 185/KH-UBND the mid-term review at the end of 2023
// and the final review of 2025) from the warehouse, as an Excel workbook, a self-contained HTML page or
// Markdown.
//
// A review is judged on what was known at its date, not on what is known
// now: figures are revised and late reports arrive, and a report that
// silently used today's numbers could not be reproduced or compared with
// the one the officials signed. So every figure comes from the warehouse's
// *_as_of(t) table macros at the review's date, and the sources listed as
// footnotes are the payloads whose values were known then. Sample data is
// announced on every page, because a demonstration figure pasted into an
// official document is the worst mistake this tool could enable.
//
// Gathering is SQL (sql/load/report_*.sql); the renderers only lay out.
package report

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	sqlfiles "github.com/hanoi-sti/chitieu/sql"
)

// Review is one of a plan's reviews (plan_reviews), with what the report
// says of its plan.
type Review struct {
	Name    string // midterm-2023, final-2025
	Year    int    // the last year the review covers
	TitleVI string
	TitleEN string
	AsOf    time.Time // the data as known at this moment

	PlanID, PlanNumber string    // hn-185-2021, 185/KH-UBND
	PlanIssued         time.Time // the plan's date
	PlanIssuer         string    // the issuing body's name
	// BaselineYear, FirstYear and LastYear are the plan's: the report's
	// axis runs from the baseline to the last year, an average target
	// averages from the first year.
	BaselineYear, FirstYear, LastYear int
}

// LookupReview returns the review called name of the plan (its id or
// number; "" for the one plan that has a review of that name). A review
// whose as_of is NULL (the final review of Plan 185) reads the data known
// now: the statistics for a plan's last years are published in the years
// after it.
func LookupReview(ctx context.Context, db *sql.DB, plan, name string, now time.Time) (Review, error) {
	rows, err := db.QueryContext(ctx, sqlfiles.Load("review_lookup"), name, plan)
	if err != nil {
		return Review{}, fmt.Errorf("reviews: %w", err)
	}
	defer rows.Close()
	var found []Review
	for rows.Next() {
		var rv Review
		var asOf sql.NullTime
		if err := rows.Scan(&rv.PlanID, &rv.PlanNumber, &rv.PlanIssued, &rv.PlanIssuer, &rv.Name, &rv.Year, &asOf,
			&rv.TitleVI, &rv.TitleEN, &rv.FirstYear, &rv.BaselineYear, &rv.LastYear); err != nil {
			return Review{}, err
		}
		rv.AsOf = now.UTC().Truncate(time.Second)
		if asOf.Valid {
			rv.AsOf = asOf.Time.UTC()
		}
		found = append(found, rv)
	}
	if err := rows.Err(); err != nil {
		return Review{}, err
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		plans := make([]string, len(found))
		for i, rv := range found {
			plans[i] = rv.PlanID
		}
		return Review{}, fmt.Errorf("review %q is in the plans %s: say which with --plan", name, strings.Join(plans, ", "))
	}
	known, err := sqlfiles.Column(ctx, db, "review_names")
	if err != nil {
		return Review{}, err
	}
	return Review{}, fmt.Errorf("unknown review %q (the plans foresee %s)", name, strings.Join(known, ", "))
}

// Num is a value that may be missing.
type Num struct {
	V  float64
	OK bool
}

func num(n sql.NullFloat64) Num { return Num{n.Float64, n.Valid} }

// Report is everything a review report shows.
type Report struct {
	Review    Review
	Generated time.Time
	Warehouse string
	Years     []int // the plan's baseline year … last year: the chart's axis
	KPIs      []KPI
	Tasks     []Task
	Sources   []Source
	// Sample is true when any source in the warehouse is sample data.
	Sample bool
}

// KPI is one KPI target: its series and its standing at the review.
type KPI struct {
	No                     int
	Code, Label            string // indicators.code, and the label (1, 7A)
	NameVI, NameEN, Unit   string
	Comparator, TargetKind string
	TargetText             string
	TargetLow, TargetHigh  Num
	// Horizon is the year the target is for; FirstYear the first year an
	// average target averages from (the plan's).
	Horizon, FirstYear int
	// Decision is the document that set the target in force at the review
	// (the plan's number, or an amending decision's) and DecisionDate its date.
	Decision     string
	DecisionDate time.Time
	// Actual is what the target is judged on, per Report.Years (missing
	// after the review year): the year's value for a level target, the
	// average since 2021 to that year for an average target.
	Actual []Num
	// YearValue is the value of each year itself (kpi_status.year_value),
	// per Report.Years. For a level target it equals Actual; for an
	// average target (KPI 1, KPI 2) it is the agency's yearly figure, the
	// baseline 2020's included, which Actual (an average since 2021) lacks.
	YearValue                 []Num
	TargetPath                []Num // per Report.Years
	Year                      int   // latest year with a value (0: none)
	Latest, Expected2025, Gap Num
	Status, Method            string
	// Evidence says what kind of figure the judged value is: official
	// statistics, a published figure or sample data (kpi_status.evidence).
	Evidence string
	AsOf     time.Time // vintage of the newest value used (zero: none)
}

// Average reports whether the KPI's target is an average over 2021–2025:
// its reports show the yearly values and the average to date, each
// labelled.
func (k *KPI) Average() bool { return k.TargetKind == "annual_average" }

// Task is one of the plan's 35 tasks.
type Task struct {
	No                           int
	NameVI                       string
	Lead, LeadNameVI, LeadNameEN string
	DueText                      string
	DueStart, DueEnd             time.Time // zero when already issued
	AlreadyIssued, DueByReview   bool
	BudgetBnVND                  Num
	// The lead agency's newest report by the review date (task_progress);
	// Status is empty when there is none.
	Status               string
	ReportedAt, DocDate  time.Time
	DocNo                string
	Allocated, Disbursed Num // billion VND
	DoneVI, DoneEN       string
	Done, Overdue        bool
}

// taskStatusEN are the task sheet's status words in English.
var taskStatusEN = map[string]string{
	"chưa triển khai": "not started", "đang triển khai": "under way", "hoàn thành": "completed", "đã ban hành": "issued",
}

// Source is one payload whose values the report uses.
type Source struct {
	PayloadID        int64
	Name, URI        string
	Vintage, Fetched time.Time
	Sample           bool
	Publisher, Title string
	ValuesUsed       int64
}

// Options for Gather.
type Options struct {
	AsOf time.Time // overrides the review's date when not zero
	Now  func() time.Time
}

// Gather reads a review's report from the warehouse db (at path warehouse,
// for the footer).
func Gather(ctx context.Context, db *sql.DB, warehouse string, rv Review, opt Options) (*Report, error) {
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	if !opt.AsOf.IsZero() {
		rv.AsOf = opt.AsOf.UTC()
	}
	r := &Report{Review: rv, Generated: now().UTC().Truncate(time.Second), Warehouse: warehouse}
	for y := rv.BaselineYear; y <= rv.LastYear; y++ {
		r.Years = append(r.Years, y)
	}
	if err := r.gatherKPIs(ctx, db); err != nil {
		return nil, fmt.Errorf("report %s: KPIs: %w", rv.Name, err)
	}
	if err := r.gatherTasks(ctx, db); err != nil {
		return nil, fmt.Errorf("report %s: plan tasks: %w", rv.Name, err)
	}
	if err := r.gatherSources(ctx, db); err != nil {
		return nil, fmt.Errorf("report %s: sources: %w", rv.Name, err)
	}
	return r, nil
}

func (r *Report) gatherKPIs(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, sqlfiles.Load("report_kpis"), r.Review.AsOf, r.Review.Year, r.Review.PlanID)
	if err != nil {
		return err
	}
	defer rows.Close()
	idx := map[string]int{}
	for rows.Next() {
		var (
			no                                           int
			code, nameVI, nameEN, unit, comparator, text string
			year                                         int
			actual, low, high, expected, gap, yearValue  sql.NullFloat64
			status, method, kind, evidence, label, dec   string
			asOf, decDate                                sql.NullTime
			horizon                                      int
		)
		if err := rows.Scan(&no, &code, &nameVI, &nameEN, &unit, &year, &actual, &comparator, &low, &high, &text,
			&expected, &gap, &status, &method, &asOf, &kind, &yearValue, &evidence, &label, &horizon, &dec, &decDate); err != nil {
			return err
		}
		key := fmt.Sprint(code, "/", horizon)
		i, ok := idx[key]
		if !ok {
			i = len(r.KPIs)
			idx[key] = i
			r.KPIs = append(r.KPIs, KPI{No: no, Code: code, Label: label, NameVI: nameVI, NameEN: nameEN,
				Unit: unit, Comparator: comparator, TargetKind: kind, TargetText: text, TargetLow: num(low), TargetHigh: num(high),
				Horizon: horizon, FirstYear: r.Review.FirstYear, Decision: dec, DecisionDate: decDate.Time,
				Actual: make([]Num, len(r.Years)), YearValue: make([]Num, len(r.Years)), Status: "no_data", Method: "none"})
		}
		k := &r.KPIs[i]
		if at := year - r.Review.BaselineYear; at >= 0 && at < len(r.Years) {
			k.Actual[at] = num(actual)
			k.YearValue[at] = num(yearValue)
		}
		if actual.Valid && year >= k.Year {
			k.Year, k.Latest, k.Expected2025, k.Gap = year, num(actual), num(expected), num(gap)
			k.Status, k.Method, k.Evidence = status, method, evidence
			if asOf.Valid {
				k.AsOf = asOf.Time
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range r.KPIs {
		r.KPIs[i].TargetPath = targetPath(&r.KPIs[i], r.Years)
	}
	return nil
}

// targetPath is the line a KPI would follow to meet its target: for a level
// target, straight from the 2020 value to the target in 2025; for an
// average, a rank, or when 2020 is unknown, the target itself every year.
func targetPath(k *KPI, years []int) []Num {
	out := make([]Num, len(years))
	if !k.TargetLow.OK {
		return out
	}
	goal := targetGoal(k)
	base := k.Actual[0]
	linear := k.TargetKind == "level" && k.Comparator != "rank_le" && base.OK
	for i, y := range years {
		v := goal
		if y > k.Horizon {
			continue // past the target's horizon: no path
		}
		if linear {
			v = base.V + (goal-base.V)*float64(y-years[0])/float64(max(k.Horizon-years[0], 1))
		}
		out[i] = Num{math.Round(v*1000) / 1000, true}
	}
	return out
}

// targetGoal is the value a target aims at: the bound, or for "about X"
// (approx, given as the band X ± tolerance) its middle.
func targetGoal(k *KPI) float64 {
	if k.Comparator == "approx" && k.TargetHigh.OK {
		return (k.TargetLow.V + k.TargetHigh.V) / 2
	}
	return k.TargetLow.V
}

func (r *Report) gatherTasks(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, sqlfiles.Load("report_tasks"), r.Review.AsOf, r.Review.PlanID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var t Task
		var start, end, reported, docDate sql.NullTime
		var due sql.NullBool
		var budget, alloc, disb sql.NullFloat64
		var status, docNo sql.NullString
		if err := rows.Scan(&t.No, &t.NameVI, &t.Lead, &t.LeadNameVI, &t.LeadNameEN, &t.DueText, &start, &end,
			&t.AlreadyIssued, &due, &budget, &status, &reported, &docNo, &docDate, &alloc, &disb, &t.Done, &t.Overdue); err != nil {
			return err
		}
		t.DueStart, t.DueEnd, t.DueByReview, t.BudgetBnVND = start.Time, end.Time, due.Bool, num(budget)
		t.Status, t.ReportedAt, t.DocNo, t.DocDate = status.String, reported.Time, docNo.String, docDate.Time
		t.Allocated, t.Disbursed = num(alloc), num(disb)
		switch {
		case t.Status != "":
			r, n := utf8.DecodeRuneInString(t.Status)
			t.DoneVI = string(unicode.ToUpper(r)) + t.Status[n:]
			t.DoneEN = taskStatusEN[t.Status]
		case t.AlreadyIssued:
			t.DoneVI, t.DoneEN = "Đã ban hành (hoàn thành)", "issued before the plan (done)"
		default:
			t.DoneVI, t.DoneEN = "Chưa có báo cáo", "not reported"
		}
		r.Tasks = append(r.Tasks, t)
	}
	return rows.Err()
}

func (r *Report) gatherSources(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, sqlfiles.Load("report_sources"), r.Review.AsOf)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s Source
		var vintage sql.NullTime
		if err := rows.Scan(&s.PayloadID, &s.Name, &s.URI, &vintage, &s.Fetched, &s.Sample, &s.Publisher, &s.Title, &s.ValuesUsed); err != nil {
			return err
		}
		s.Vintage = vintage.Time
		r.Sources = append(r.Sources, s)
		r.Sample = r.Sample || s.Sample
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var samples int64
	if err := db.QueryRowContext(ctx, sqlfiles.Load("report_samples")).Scan(&samples); err != nil {
		return err
	}
	r.Sample = r.Sample || samples > 0
	return nil
}

// OverdueTasks are the tasks whose due period ended before the review
// date and that are not done (task_status_as_of's overdue).
func (r *Report) OverdueTasks() []Task {
	var out []Task
	for _, t := range r.Tasks {
		if t.Overdue {
			out = append(out, t)
		}
	}
	return out
}

// TaskBudget sums the plan's budget of the tasks, and what their agencies
// reported allocated and disbursed (billion VND).
func (r *Report) TaskBudget() (plan, allocated, disbursed float64) {
	for _, t := range r.Tasks {
		plan += t.BudgetBnVND.V
		allocated += t.Allocated.V
		disbursed += t.Disbursed.V
	}
	return plan, allocated, disbursed
}

// TasksDone counts the tasks known to be done, and those due by the review.
func (r *Report) TasksDone() (done, due int) {
	for _, t := range r.Tasks {
		if t.Done {
			done++
		}
		if t.DueByReview {
			due++
		}
	}
	return done, due
}

// Status labels, Vietnamese and English.
var statusLabels = map[string][2]string{
	"achieved":  {"Đã đạt", "achieved"},
	"on_track":  {"Đúng tiến độ", "on track"},
	"at_risk":   {"Có nguy cơ không đạt", "at risk"},
	"off_track": {"Chậm tiến độ", "off track"},
	"no_data":   {"Chưa có số liệu", "no data"},
}

var evidenceLabels = map[string][2]string{
	"official":  {"Số liệu thống kê chính thức", "official statistics"},
	"published": {"Số liệu đã công bố (có trích dẫn)", "published figure (cited)"},
	"sample":    {"DỮ LIỆU MẪU", "SAMPLE DATA"},
	"unstated":  {"Nguồn không ghi loại số liệu", "evidence not stated"},
}

// EvidenceVI and EvidenceEN name the kind of figure a KPI value is, so an
// official reading the status knows whether it rests on official
// statistics, a published figure or sample data. Empty when there is none.
func EvidenceVI(e string) string { return evidenceLabels[e][0] }

// EvidenceEN names the kind of figure in English.
func EvidenceEN(e string) string { return evidenceLabels[e][1] }

// StatusVI and StatusEN name a status for people.
func StatusVI(s string) string {
	if l, ok := statusLabels[s]; ok {
		return l[0]
	}
	return s
}

// StatusEN names a status in English.
func StatusEN(s string) string {
	if l, ok := statusLabels[s]; ok {
		return l[1]
	}
	return strings.ReplaceAll(s, "_", " ")
}

// TasksNote says, in Vietnamese and English, where the tasks' status comes
// from and how many reports there are; every format prints it.
func (r *Report) TasksNote() (vi, en string) {
	reported := 0
	for _, t := range r.Tasks {
		if t.Status != "" {
			reported++
		}
	}
	plan, _, disbursed := r.TaskBudget()
	vi = fmt.Sprintf("Tình trạng lấy từ báo cáo mới nhất của cơ quan chủ trì (sheet Nhiệm vụ) trước %s: %d/%d nhiệm vụ có báo cáo; "+
		"nhiệm vụ chưa có báo cáo chỉ được coi là hoàn thành khi Kế hoạch ghi “Đã ban hành”. Đã giải ngân %s/%s tỷ đồng kinh phí dự kiến.",
		Date(r.Review.AsOf), reported, len(r.Tasks), VN(disbursed), VN(plan))
	en = fmt.Sprintf("Status is the lead agency's newest report (the Nhiệm vụ sheet) by the review date: %d of %d tasks reported; "+
		"a task without a report counts as done only where the plan says it was already issued. Disbursed: %s of the plan's %s billion VND.",
		reported, len(r.Tasks), VN(disbursed), VN(plan))
	return vi, en
}

// ReportedText is a task's report date and document issued, for a table
// cell: "25/11/2024 · 1234/QĐ-UBND (15/06/2022)"; empty without a report.
func (t Task) ReportedText() string {
	if t.Status == "" {
		return ""
	}
	s := Date(t.ReportedAt)
	if t.DocNo != "" {
		s += " · " + t.DocNo
		if !t.DocDate.IsZero() {
			s += " (" + Date(t.DocDate) + ")"
		}
	}
	return s
}

// DisbursedText is the budget disbursed against the plan's: "2,1/5";
// empty when the agency reported none.
func (t Task) DisbursedText() string {
	if !t.Disbursed.OK {
		return ""
	}
	if !t.BudgetBnVND.OK {
		return VNNum(t.Disbursed)
	}
	return VNNum(t.Disbursed) + "/" + VNNum(t.BudgetBnVND)
}
