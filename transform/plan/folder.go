package plan

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Plan is one plan as data: a folder of TSV files (plan.tsv, reviews.tsv,
// agencies.tsv, kpis.tsv, targets.tsv, tasks.tsv and, optionally,
// inputs.tsv for input series the shared catalogue lacks). Plan 185/KH-UBND
// is the folder plans/hn-185-2021 beside this file, compiled into the
// binary; a later plan is another folder named in sources.toml (plans =
// [...]), so a new plan needs no code. docs/plan-folder.md describes the
// files column by column.
type Plan struct {
	Header
	Reviews  []Review
	Agencies []Agency
	Inputs   []Indicator // the plan's own input series (inputs.tsv), if any
	KPIs     []Indicator // role kpi, each with its Formula
	Targets  []Target    // originals and amendments
	Tasks    []Task

	// Folder is where the files were read from (for a built-in plan, its
	// place in the source tree).
	Folder string
	// Builtin is true for a plan compiled into the binary (Load): every
	// open of a warehouse seeds it again.
	Builtin bool

	// lines are the line of each record of a file, for the messages of
	// checkPlan.
	lines map[string][]int
}

// Header is plan.tsv: what the plan is, who issued it, the years it covers
// and the place its KPIs measure.
type Header struct {
	ID           string // short name used by --plan (hn-185-2021)
	Number       string // the document's number (185/KH-UBND)
	TitleVI      string
	TitleEN      string
	Issuer       string    // issuing body (agency code)
	Issued       time.Time // date signed: its targets are in force from then
	FirstYear    int       // first year of the plan's period
	LastYear     int       // last year of the period
	BaselineYear int       // the year its targets are measured from
	Geo          string    // the place its KPIs measure (GSO code: 01 Hà Nội)
}

// Review is a review the plan foresees (reviews.tsv): the data as known at
// AsOf (zero: everything known when the report is made) for the years up to
// Year.
type Review struct {
	Name             string // midterm-2023
	Year             int
	AsOf             time.Time
	TitleVI, TitleEN string
}

// headerKeys are the keys plan.tsv must have, in the order they are read.
var headerKeys = []string{"id", "number", "title_vi", "title_en", "issuer", "issued", "first_year", "last_year", "baseline_year", "geo"}

var planIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// LoadPlanDir reads and checks the plan folder dir against the reference
// data (its input series and the plans already known). The Problems it
// returns name dir/file:line:column.
func (r *Reference) LoadPlanDir(dir string) (*Plan, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("plan folder: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("plan folder %s: not a folder", dir)
	}
	return r.readPlan(os.DirFS(dir), ".", dir)
}

// readPlan reads the plan in folder name of fsys; shown is how problems name
// the folder.
func (r *Reference) readPlan(fsys fs.FS, name, shown string) (*Plan, error) {
	p := &Plan{lines: map[string][]int{}, Folder: shown}
	var ps Problems
	file := func(base string, optional bool) []byte {
		b, err := fs.ReadFile(fsys, path.Join(name, base))
		if err != nil {
			if !optional || !os.IsNotExist(err) {
				ps = append(ps, Problem{File: path.Join(shown, base), Msg: "cannot read: " + err.Error()})
			}
			return nil
		}
		return b
	}
	header := map[string]string{}
	var keys []string // in the order read, to find a key's line again
	tables := []table{
		{"plan.tsv", file("plan.tsv", false), []string{"key", "value"}, func(f []string) error {
			if !slices.Contains(headerKeys, f[0]) {
				return bad(0, "unknown key %q (want %v)", f[0], headerKeys)
			}
			if _, dup := header[f[0]]; dup {
				return bad(0, "%s given twice", f[0])
			}
			header[f[0]] = f[1]
			keys = append(keys, f[0])
			return nil
		}},
		{"reviews.tsv", file("reviews.tsv", false), []string{"name", "year", "as_of", "title_vi", "title_en"}, p.addReview},
		{"agencies.tsv", file("agencies.tsv", false), []string{"code", "name_vi", "name_en", "kind"}, func(f []string) error {
			p.Agencies = append(p.Agencies, Agency{f[0], f[1], f[2], f[3]})
			return nil
		}},
		{"inputs.tsv", file("inputs.tsv", true), inputColumns, func(f []string) error {
			i, err := parseInput(f)
			if err == nil {
				p.Inputs = append(p.Inputs, i)
			}
			return err
		}},
		{"kpis.tsv", file("kpis.tsv", false), kpiColumns, p.addKPI},
		{"targets.tsv", file("targets.tsv", false), targetColumns, p.addTarget},
		{"tasks.tsv", file("tasks.tsv", false), taskColumns, p.addTask},
	}
	broken := map[string]bool{} // files with a record that did not read
	for _, t := range tables {
		base := t.name
		t.name = path.Join(shown, base)
		tps, lines := t.read()
		ps = append(ps, tps...)
		p.lines[base] = lines
		broken[base] = len(tps) > 0
	}
	unread := len(ps) > 0 && slices.ContainsFunc(ps, func(p Problem) bool { return p.Line == 0 })
	hps := p.setHeader(header, func(key string) Problem {
		pr := Problem{File: path.Join(shown, "plan.tsv")}
		if i := slices.Index(keys, key); i >= 0 && i < len(p.lines["plan.tsv"]) {
			pr.Line, pr.Column, pr.Name = p.lines["plan.tsv"][i], 2, "value"
		}
		return pr
	})
	ps = append(ps, hps...)
	if !unread && len(hps) == 0 {
		// the records that did read are checked too, so one pass lists
		// every problem; a check that needs a file with a broken record
		// is left out rather than blaming its neighbours
		ps = append(ps, r.checkPlan(p, shown, broken)...)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	for i := range p.Targets {
		t := &p.Targets[i]
		t.PlanID, t.BaselineYear = p.ID, p.BaselineYear
		if t.Decision == "" {
			t.Decision, t.DecisionDate, t.InForceFrom = p.Number, p.Issued, p.Issued
		}
	}
	for i := range p.Tasks {
		p.Tasks[i].PlanID = p.ID
	}
	for i := range p.KPIs {
		p.KPIs[i].PlanID = p.ID
	}
	return p, nil
}

// setHeader reads plan.tsv's keys into p.Header; at places a problem of a
// key at its line.
func (p *Plan) setHeader(h map[string]string, at func(key string) Problem) Problems {
	var ps Problems
	bad := func(key, format string, args ...any) {
		pr := at(key)
		pr.Msg = fmt.Sprintf(format, args...)
		ps = append(ps, pr)
	}
	for _, k := range headerKeys {
		if h[k] == "" {
			bad(k, "no %s (each of %v is required)", k, headerKeys)
		}
	}
	if len(ps) > 0 {
		return ps
	}
	p.ID, p.Number, p.TitleVI, p.TitleEN, p.Issuer, p.Geo = h["id"], h["number"], h["title_vi"], h["title_en"], h["issuer"], h["geo"]
	if !planIDRE.MatchString(p.ID) {
		bad("id", "id %q: use lower-case letters, digits and hyphens (hn-185-2021)", p.ID)
	}
	var err error
	if p.Issued, err = time.Parse(time.DateOnly, h["issued"]); err != nil {
		bad("issued", "issued %q: want YYYY-MM-DD", h["issued"])
	}
	years := map[string]*int{"first_year": &p.FirstYear, "last_year": &p.LastYear, "baseline_year": &p.BaselineYear}
	for _, k := range []string{"first_year", "last_year", "baseline_year"} {
		if *years[k], err = strconv.Atoi(h[k]); err != nil {
			bad(k, "%s %q: want a year", k, h[k])
		}
	}
	if len(ps) == 0 && !(p.BaselineYear < p.FirstYear && p.FirstYear <= p.LastYear) {
		bad("baseline_year", "years: want baseline_year < first_year ≤ last_year, got %d, %d, %d", p.BaselineYear, p.FirstYear, p.LastYear)
	}
	return ps
}

// addReview reads one record of reviews.tsv.
func (p *Plan) addReview(f []string) error {
	rv := Review{Name: f[0], TitleVI: f[3], TitleEN: f[4]}
	var err error
	if rv.Year, err = integer(f, 1); err != nil {
		return err
	}
	if f[2] != "latest" {
		if rv.AsOf, err = time.Parse(time.DateOnly, f[2]); err != nil {
			return bad(2, "%q: want YYYY-MM-DD, or latest for everything known when the report is made", f[2])
		}
		rv.AsOf = rv.AsOf.Add(24*time.Hour - time.Second)
	}
	if !planIDRE.MatchString(rv.Name) {
		return bad(0, "review name %q: use lower-case letters, digits and hyphens (final-2025)", rv.Name)
	}
	p.Reviews = append(p.Reviews, rv)
	return nil
}

var kpiColumns = []string{"code", "label", "name_vi", "name_en", "unit", "min", "max", "definition", "period_kinds", "formula"}

var labelNoRE = regexp.MustCompile(`^(\d+)`)

// addKPI reads one record of kpis.tsv.
func (p *Plan) addKPI(f []string) error {
	k := Indicator{Code: f[0], Label: f[1], Role: "kpi", NameVI: f[2], NameEN: f[3], Unit: f[4], Definition: f[7]}
	if m := labelNoRE.FindStringSubmatch(k.Label); m != nil {
		k.KPINo, _ = strconv.Atoi(m[1])
	} else {
		return bad(1, "label %q: want the KPI's number in the plan (1, 7A)", k.Label)
	}
	if err := rangeAndKinds(&k, f, 5); err != nil {
		return err
	}
	fm, err := ParseFormula(f[9])
	if err != nil {
		return bad(9, "%s", err)
	}
	k.Formula = &fm
	p.KPIs = append(p.KPIs, k)
	return nil
}

var targetColumns = []string{"kpi_code", "comparator", "low", "high", "tolerance", "target_kind", "lead", "coordinating",
	"wording_vi", "wording_en", "average", "direction", "reading", "horizon", "in_force_from", "decision", "decision_date"}

// addTarget reads one record of targets.tsv: an original target (the last
// three columns empty: set by the plan itself) or an amendment (a later
// decision's number and date, and the day it takes effect).
func (p *Plan) addTarget(f []string) error {
	t := Target{KPICode: f[0], Comparator: f[1], Kind: f[5], Lead: f[6], Coordinating: splitCodes(f[7]), WordingVI: f[8], WordingEN: f[9],
		Average: f[10], Direction: f[11], Reading: f[12], Decision: f[15]}
	if err := t.check(f); err != nil {
		return err
	}
	var err error
	if t.Horizon, err = integer(f, 13); err != nil {
		return err
	}
	if (f[14] == "") != (f[15] == "") || (f[15] == "") != (f[16] == "") {
		return bad(14, "an amendment gives in_force_from, decision and decision_date; an original target none of them")
	}
	if f[14] != "" {
		if t.InForceFrom, err = time.Parse(time.DateOnly, f[14]); err != nil {
			return bad(14, "%q: want YYYY-MM-DD", f[14])
		}
		if t.DecisionDate, err = time.Parse(time.DateOnly, f[16]); err != nil {
			return bad(16, "%q: want YYYY-MM-DD", f[16])
		}
		if t.InForceFrom.Before(t.DecisionDate) {
			return bad(14, "in force from %s, before the decision of %s", f[14], f[16])
		}
	}
	p.Targets = append(p.Targets, t)
	return nil
}

var taskColumns = []string{"no", "name_vi", "lead", "coordinating", "coordinating_text", "issuer", "due_text", "budget_text"}

// addTask reads one record of tasks.tsv.
func (p *Plan) addTask(f []string) error {
	no, err := integer(f, 0)
	if err != nil {
		return err
	}
	due, err := ParseDue(f[6])
	if err != nil {
		return bad(6, "%s", err)
	}
	budget, err := ParseBudget(f[7])
	if err != nil {
		return bad(7, "%s", err)
	}
	p.Tasks = append(p.Tasks, Task{No: no, NameVI: f[1], Lead: f[2], Coordinating: splitCodes(f[3]),
		CoordinatingText: f[4], Issuer: f[5], Due: due, Budget: budget})
	return nil
}

// checkPlan checks what refers to something else: agencies, indicators,
// the plan's period, and codes the warehouse already holds for another
// plan.
func (r *Reference) checkPlan(p *Plan, shown string, broken map[string]bool) Problems {
	var ps Problems
	at := func(base string, line int, col int, cols []string, format string, args ...any) {
		pr := Problem{File: path.Join(shown, base), Line: line, Msg: fmt.Sprintf(format, args...)}
		if col > 0 {
			pr.Column, pr.Name = col, cols[col-1]
		}
		ps = append(ps, pr)
	}
	agencies := map[string]bool{}
	for _, a := range p.Agencies {
		agencies[a.Code] = true
	}
	inputs := map[string]bool{}
	for _, i := range r.Indicators {
		if i.Role == "input" {
			inputs[i.Code] = true
		}
	}
	for _, i := range p.Inputs {
		inputs[i.Code] = true
	}
	if !agencies[p.Issuer] && !broken["agencies.tsv"] {
		at("plan.tsv", 0, 0, nil, "issuer %q is not in agencies.tsv", p.Issuer)
	}
	// records are numbered as read; lines are found again by key for the message
	kpis := map[string]bool{}
	for n, k := range p.KPIs {
		line := lineOf(p, "kpis.tsv", n)
		switch {
		case kpis[k.Code]:
			at("kpis.tsv", line, 1, kpiColumns, "KPI %s is listed twice", k.Code)
		case inputs[k.Code]:
			at("kpis.tsv", line, 1, kpiColumns, "%s is an input series, not a KPI of this plan", k.Code)
		}
		if other, ok := r.Indicator(k.Code); ok && other.Role == "kpi" && other.PlanID != p.ID {
			at("kpis.tsv", line, 1, kpiColumns, "KPI code %s is already plan %s's: a KPI code belongs to one plan", k.Code, other.PlanID)
		}
		kpis[k.Code] = true
		for _, in := range k.Formula.Inputs {
			if !inputs[in.Indicator] && !broken["inputs.tsv"] {
				at("kpis.tsv", line, 10, kpiColumns, "input %s=%s is not a known input series (transform/plan/inputs.tsv, or the plan's inputs.tsv)", in.Role, in.Indicator)
			}
		}
	}
	targeted := map[string]bool{}
	type key struct {
		kpi     string
		horizon int
		from    time.Time
	}
	seen := map[key]bool{}
	for n, t := range p.Targets {
		line := lineOf(p, "targets.tsv", n)
		if !kpis[t.KPICode] && !broken["kpis.tsv"] {
			at("targets.tsv", line, 1, targetColumns, "%s is not a KPI of kpis.tsv", t.KPICode)
		}
		for _, a := range append([]string{t.Lead}, t.Coordinating...) {
			if !agencies[a] && !broken["agencies.tsv"] {
				col := 7
				if a != t.Lead {
					col = 8
				}
				at("targets.tsv", line, col, targetColumns, "agency %q is not in agencies.tsv", a)
			}
		}
		if t.Horizon <= p.BaselineYear || t.Horizon > p.LastYear+10 {
			at("targets.tsv", line, 14, targetColumns, "horizon %d: want a year after the baseline %d and at most ten years after the plan's last year %d",
				t.Horizon, p.BaselineYear, p.LastYear)
		}
		if t.Decision == "" {
			targeted[fmt.Sprint(t.KPICode, t.Horizon)] = true
		} else if !t.InForceFrom.After(p.Issued) {
			at("targets.tsv", line, 15, targetColumns, "an amendment takes effect after the plan's own date %s", p.Issued.Format(time.DateOnly))
		}
		k := key{t.KPICode, t.Horizon, t.InForceFrom}
		if seen[k] {
			at("targets.tsv", line, 1, targetColumns, "a second target for %s, horizon %d, in force from the same day", t.KPICode, t.Horizon)
		}
		seen[k] = true
	}
	for n, t := range p.Targets {
		if t.Decision != "" && !targeted[fmt.Sprint(t.KPICode, t.Horizon)] && !broken["targets.tsv"] {
			at("targets.tsv", lineOf(p, "targets.tsv", n), 16, targetColumns, "amends a target the plan does not set (%s, horizon %d)", t.KPICode, t.Horizon)
		}
	}
	for n, k := range p.KPIs {
		if !broken["targets.tsv"] && !slices.ContainsFunc(p.Targets, func(t Target) bool { return t.KPICode == k.Code }) {
			at("kpis.tsv", lineOf(p, "kpis.tsv", n), 1, kpiColumns, "KPI %s has no target in targets.tsv", k.Code)
		}
	}
	tasks := map[int]bool{}
	for n, t := range p.Tasks {
		line := lineOf(p, "tasks.tsv", n)
		if tasks[t.No] {
			at("tasks.tsv", line, 1, taskColumns, "task %d is listed twice", t.No)
		}
		tasks[t.No] = true
		for col, codes := range map[int][]string{3: {t.Lead}, 4: t.Coordinating, 6: {t.Issuer}} {
			for _, a := range codes {
				if !agencies[a] && !broken["agencies.tsv"] {
					at("tasks.tsv", line, col, taskColumns, "agency %q is not in agencies.tsv", a)
				}
			}
		}
	}
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if a.File != b.File {
			return cmp.Compare(a.File, b.File)
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return ps
}

// lineOf is the line of the n-th record of file.
func lineOf(p *Plan, file string, n int) int {
	if n < len(p.lines[file]) {
		return p.lines[file][n]
	}
	return 0
}
