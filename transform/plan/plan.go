// Package plan holds the plans chitieu follows, as data, and the reference
// data their KPIs are computed with.
//
// A plan is a folder of TSV files (folder.go): its header, reviews,
// agencies, KPIs with their formulas, targets with their amendments, and
// tasks. Plan 185/KH-UBND (Hanoi People's Committee, 11 August 2021) is the
// folder plans/hn-185-2021, transcribed by hand from the plan's text and
// embedded in the binary, so the warehouse never depends on a file outside
// the project at run time; a later plan is a folder named in sources.toml.
// The original cells are kept next to the parsed values (due dates,
// budgets) so a reader can check every parse against the plan's own words.
//
// The reference data beside this file is shared by every plan: the input
// series (inputs.tsv), which source series feed them, the computation
// parameters, and the boundary and definition changes that break series.
package plan

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	//go:embed plans
	builtinPlans embed.FS
	//go:embed inputs.tsv
	inputsTSV []byte
	//go:embed series_map.tsv
	seriesMapTSV []byte
	//go:embed parameters.tsv
	parametersTSV []byte
	//go:embed boundary_changes.tsv
	boundaryChangesTSV []byte
	//go:embed definition_changes.tsv
	definitionChangesTSV []byte
	//go:embed factor_shares.tsv
	factorSharesTSV []byte
)

// Agency is a lead or coordinating body named by the plan.
type Agency struct {
	Code, NameVI, NameEN, Kind string
}

// Indicator is a KPI of a plan or an input series used to compute one.
type Indicator struct {
	Code       string
	PlanID     string // the plan whose KPI it is; "" for an input series
	Label      string // the KPI's number in its plan (1, 7A); "" for inputs
	KPINo      int    // the label's number, for ordering; 0 for inputs
	Role       string // "kpi" or "input"
	NameVI     string
	NameEN     string
	Unit       string
	Min, Max   float64 // plausible range; values outside are rejected
	Definition string
	// PeriodKinds are the period kinds a value of this indicator may have
	// (year, half, quarter, month, ytd); nil accepts any. A TFP share or a
	// rank exists only for a whole year, so a "6 tháng" value of one is a
	// mistake in the report, not a half-year figure.
	PeriodKinds []string
	// Formula says how a KPI is computed from input series (nil for inputs).
	Formula *Formula
}

// Parameter is a constant of the KPI computations or of the progress
// assessment (the default capital share α, the depreciation rate δ, the ESCAP ratio thresholds),
// kept as data so that the warehouse records which value produced a result.
type Parameter struct {
	Name        string
	Value       float64
	Unit        string
	Description string
	Source      string
}

// Target is one of a plan's targets, as data, or an amendment of one.
type Target struct {
	PlanID       string
	KPICode      string
	Comparator   string   // gt, ge, between, approx, rank_le
	Low, High    *float64 // bounds; High only for between
	Tolerance    *float64 // for approx, in the KPI's unit
	Kind         string   // "level" (reach by 2025) or "annual_average" (average over 2021–2025)
	Lead         string   // agency code
	Coordinating []string // agency codes
	WordingVI    string   // the plan's sentence
	WordingEN    string
	// Average says how an annual_average target averages the years:
	// "geometric" for growth rates (compound), "arithmetic" for shares,
	// "growth_weighted" for a share of growth (TFP's share of the period's
	// growth, Σ g_TFP / Σ g_Y, as GSO publishes it).
	Average string
	// Direction says which way is better: "up", "down" (ranks) or
	// "two_sided" (a band that fails above as well as below). A band whose
	// direction is up is met at its lower edge and exceeded above it.
	Direction string
	// Reading is how the plan's wording was read, in words, kept beside the
	// wording so an official can check the interpretation.
	Reading string
	// BaselineYear is the plan's; Horizon the year the target is for.
	BaselineYear, Horizon int
	// Decision is the document that set the target and DecisionDate its
	// date: the plan itself for an original target, a later decision for
	// an amendment, which replaces the target from InForceFrom on.
	Decision                  string
	DecisionDate, InForceFrom time.Time
}

// FactorShare is a published labour income share of a geography's output
// for a year: growth accounting weighs capital by α = 1 − LabourShare/100.
// It is reference data, cited, because the weight decides KPI 1: on GSO's
// national tables α = 0.4 gives Viet Nam a 2011–2015 TFP share near 47 %
// where GSO announced 33.58 %.
type FactorShare struct {
	Geo         string
	Year        int
	LabourShare float64 // % of output
	Source      string
}

// DefinitionChange is a change in what a statistic counts that breaks its
// series, like a boundary change does: GSO's employment figures from 2021
// leave out about 4.4 million own-consumption farm workers, so employment
// "falls" from 2020 to 2021 and any growth rate across that step measures
// the change, not the economy.
type DefinitionChange struct {
	Indicator string    // plan indicator code
	Geo       string    // geography code, or "*" for every geography
	Date      time.Time // first day counted under the new definition
	Note      string    // what changed
	Source    string    // where the change is documented (publisher, URL, quoted sentence)
}

// Task is one programme or project of a plan's appendix.
type Task struct {
	PlanID           string
	No               int
	NameVI           string
	Lead             string
	Coordinating     []string
	CoordinatingText string // the cell as the plan prints it
	Issuer           string
	Due              Due
	Budget           Budget
}

// Due is a task's "Thời gian ban hành" parsed into a date range.
type Due struct {
	Text          string     // the cell as printed
	Start, End    *time.Time // nil when already issued
	AlreadyIssued bool       // "Đã ban hành": issued before the plan was adopted
}

// Budget is a task's "Dự kiến kinh phí (tỷ đồng)".
type Budget struct {
	Text       string   // the cell as printed
	BillionVND *float64 // nil for "-" (no budget stated)
	Note       string   // what followed the amount, e.g. the funding breakdown
}

// SeriesMap says which source series feeds which plan indicator. A source
// needs no entry to be loaded; only to feed a KPI.
type SeriesMap struct {
	Source    string  // configured source name, or "*" for any
	Series    string  // the source's own series code
	Indicator string  // plan indicator code
	Factor    float64 // multiply source values by this to reach the indicator's unit
	Note      string
	// Geo is the geography of the series' rows that name none ("" = leave
	// them without one): a national accounts table has no place column,
	// yet its total is the whole country's (VN).
	Geo string
}

// BoundaryChange is a change of a province's territory that makes its
// series before and after the change incomparable: Hà Tây was merged into
// Hà Nội on 1 August 2008, and Hà Nội's labour force doubled in the 2008
// figures. A growth rate across such a change measures the merger, not
// growth, so the KPI computations leave it out (series_breaks lists them).
type BoundaryChange struct {
	Geo          string    // the geography whose territory changed (GSO code)
	Date         time.Time // the day the change took effect
	Absorbed     string    // geography code of the unit merged into Geo ("" if none)
	AbsorbedName string    // its name, as written (with diacritics)
	Note         string    // the legal act and what changed
	NameAfter    string    // Geo's name after the change, when it changed ("" if not)
}

// Reference is the plans and the reference data shared by them. Agencies,
// Indicators, Targets and Tasks hold those of every plan added (Indicators
// also the input series), so a reader that does not care which plan a code
// belongs to looks in one place.
type Reference struct {
	Plans      []*Plan
	Agencies   []Agency
	Indicators []Indicator
	Targets    []Target
	Tasks      []Task
	SeriesMap  []SeriesMap
	Parameters []Parameter
	// BoundaryChanges are the territorial changes that break series.
	BoundaryChanges []BoundaryChange
	// DefinitionChanges are the changes of a statistic's definition that
	// break series.
	DefinitionChanges []DefinitionChange
	// FactorShares are the published labour shares that weigh the growth
	// accounting of KPI 1.
	FactorShares []FactorShare
}

// periodKinds are the kinds transform.ParsePeriod produces.
var periodKinds = map[string]bool{"year": true, "half": true, "quarter": true, "month": true, "ytd": true}

// Load parses the embedded reference data and the built-in plans (Plan
// 185/KH-UBND). It fails only if the files in the binary are malformed,
// which the package tests rule out.
func Load() (*Reference, error) {
	var ref Reference
	var ps Problems
	for _, t := range []table{
		{"inputs.tsv", inputsTSV, inputColumns, ref.addInput},
		{"series_map.tsv", seriesMapTSV, []string{"source", "series", "indicator", "factor", "geo", "note"}, ref.addSeriesMap},
		{"boundary_changes.tsv", boundaryChangesTSV, []string{"geo", "date", "absorbed", "absorbed_name", "note", "name_after"}, ref.addBoundaryChange},
		{"definition_changes.tsv", definitionChangesTSV, []string{"indicator", "geo", "date", "note", "source"}, ref.addDefinitionChange},
		{"factor_shares.tsv", factorSharesTSV, []string{"geo", "year", "labour_share", "source"}, ref.addFactorShare},
		{"parameters.tsv", parametersTSV, []string{"name", "value", "unit", "description", "source"}, ref.addParameter},
	} {
		tps, _ := t.read()
		ps = append(ps, tps...)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	dirs, err := fs.ReadDir(builtinPlans, "plans")
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		p, err := ref.readPlan(builtinPlans, "plans/"+d.Name(), "transform/plan/plans/"+d.Name())
		if err != nil {
			return nil, err
		}
		p.Builtin = true
		if err := ref.AddPlan(p); err != nil {
			return nil, err
		}
	}
	return &ref, ref.check()
}

// AddPlan adds a plan read by LoadPlanDir. A plan already added under the
// same id is replaced (a corrected folder), its KPI codes must be its own,
// and an agency another plan names too keeps the first plan's names.
func (r *Reference) AddPlan(p *Plan) error {
	for _, q := range r.Plans {
		if q.ID == p.ID {
			return fmt.Errorf("plan %s is added twice", p.ID)
		}
	}
	for _, k := range p.KPIs {
		if i, ok := r.Indicator(k.Code); ok {
			return fmt.Errorf("plan %s: indicator code %s is already %s's", p.ID, k.Code, orInputs(i.PlanID))
		}
	}
	for _, i := range p.Inputs {
		if _, ok := r.Indicator(i.Code); !ok {
			r.Indicators = append(r.Indicators, i)
		}
	}
	r.Plans = append(r.Plans, p)
	r.Indicators = append(r.Indicators, p.KPIs...)
	r.Targets = append(r.Targets, p.Targets...)
	r.Tasks = append(r.Tasks, p.Tasks...)
	for _, a := range p.Agencies {
		if _, ok := r.Agency(a.Code); !ok {
			r.Agencies = append(r.Agencies, a)
		}
	}
	return nil
}

func orInputs(planID string) string {
	if planID == "" {
		return "an input series"
	}
	return "plan " + planID
}

// Plan returns the plan with the given id.
func (r *Reference) Plan(id string) (*Plan, bool) {
	for _, p := range r.Plans {
		if p.ID == id {
			return p, true
		}
	}
	return nil, false
}

// Agency returns the agency with the given code.
func (r *Reference) Agency(code string) (Agency, bool) {
	for _, a := range r.Agencies {
		if a.Code == code {
			return a, true
		}
	}
	return Agency{}, false
}

var inputColumns = []string{"code", "name_vi", "name_en", "unit", "min", "max", "definition", "period_kinds"}

// addInput reads one record of inputs.tsv.
func (r *Reference) addInput(f []string) error {
	i, err := parseInput(f)
	if err != nil {
		return err
	}
	r.Indicators = append(r.Indicators, i)
	return nil
}

// parseInput reads a record of an inputs.tsv.
func parseInput(f []string) (Indicator, error) {
	i := Indicator{Code: f[0], Role: "input", NameVI: f[1], NameEN: f[2], Unit: f[3], Definition: f[6]}
	return i, rangeAndKinds(&i, f, 4)
}

// rangeAndKinds reads the min, max and period_kinds fields of an indicator,
// which start at column col of f (min, max, then one other before the kinds).
func rangeAndKinds(i *Indicator, f []string, col int) error {
	var err error
	if i.Min, err = number(f, col); err != nil {
		return err
	}
	if i.Max, err = number(f, col+1); err != nil {
		return err
	}
	if i.Min >= i.Max {
		return bad(col+1, "max %v is not above min %v", i.Max, i.Min)
	}
	kinds := col + 3
	if f[kinds] != "*" {
		i.PeriodKinds = splitCodes(f[kinds])
		for _, k := range i.PeriodKinds {
			if !periodKinds[k] {
				return bad(kinds, "unknown period kind %q (want year, half, quarter, month, ytd or *)", k)
			}
		}
	}
	return nil
}

// check reads the comparator, bounds, kind, average and direction of a
// target (fields of targets.tsv), placing a problem at its column.
func (t *Target) check(f []string) error {
	var err error
	if t.Low, err = optFloat(f, 2); err != nil {
		return err
	}
	if t.High, err = optFloat(f, 3); err != nil {
		return err
	}
	if t.Tolerance, err = optFloat(f, 4); err != nil {
		return err
	}
	switch t.Comparator {
	case "gt", "ge", "rank_le":
		if t.Low == nil {
			return bad(2, "%s needs low, the bound", t.Comparator)
		}
	case "between":
		if t.Low == nil || t.High == nil || *t.High <= *t.Low {
			return bad(3, "between needs low and a high above it")
		}
	case "approx":
		if t.Low == nil || t.Tolerance == nil || *t.Tolerance <= 0 {
			return bad(4, "approx needs low, the value, and a tolerance above 0")
		}
	default:
		return bad(1, "comparator %q: want gt, ge, between, approx or rank_le", t.Comparator)
	}
	switch t.Kind {
	case "level":
		if t.Average != "" {
			return bad(10, "a level target has no average (got %q)", t.Average)
		}
	case "annual_average":
		if t.Average != "geometric" && t.Average != "arithmetic" && t.Average != "growth_weighted" {
			return bad(10, "average %q: want geometric, arithmetic or growth_weighted", t.Average)
		}
	default:
		return bad(5, "target_kind %q: want level or annual_average", t.Kind)
	}
	switch {
	case t.Direction != "up" && t.Direction != "down" && t.Direction != "two_sided":
		return bad(11, "direction %q: want up, down or two_sided", t.Direction)
	case t.Comparator == "rank_le" && t.Direction != "down":
		return bad(11, "a rank target is better down, not %s", t.Direction)
	case t.Reading == "":
		return bad(12, "no reading of the wording")
	case t.WordingVI == "":
		return bad(8, "no wording: the plan's own sentence")
	}
	return nil
}

// addSeriesMap reads one record of series_map.tsv.
func (r *Reference) addSeriesMap(f []string) error {
	factor, err := number(f, 3)
	if err != nil {
		return err
	}
	r.SeriesMap = append(r.SeriesMap, SeriesMap{Source: f[0], Series: f[1], Indicator: f[2], Factor: factor, Geo: f[4], Note: f[5]})
	return nil
}

// addBoundaryChange reads one record of boundary_changes.tsv.
func (r *Reference) addBoundaryChange(f []string) error {
	d, err := time.Parse(time.DateOnly, f[1])
	if err != nil {
		return fmt.Errorf("date %q: want YYYY-MM-DD", f[1])
	}
	if f[0] == "" {
		return fmt.Errorf("no geography code")
	}
	if f[0] == f[2] {
		return fmt.Errorf("%s absorbs itself", f[0])
	}
	r.BoundaryChanges = append(r.BoundaryChanges, BoundaryChange{Geo: f[0], Date: d, Absorbed: f[2], AbsorbedName: f[3], Note: f[4], NameAfter: f[5]})
	return nil
}

// addDefinitionChange reads one record of definition_changes.tsv.
func (r *Reference) addDefinitionChange(f []string) error {
	d, err := time.Parse(time.DateOnly, f[2])
	if err != nil {
		return fmt.Errorf("date %q: want YYYY-MM-DD", f[2])
	}
	if f[1] == "" || f[3] == "" || f[4] == "" {
		return fmt.Errorf("geography (or *), note and source are required")
	}
	r.DefinitionChanges = append(r.DefinitionChanges, DefinitionChange{Indicator: f[0], Geo: f[1], Date: d, Note: f[3], Source: f[4]})
	return nil
}

// addFactorShare reads one record of factor_shares.tsv.
func (r *Reference) addFactorShare(f []string) error {
	year, err := strconv.Atoi(f[1])
	if err != nil {
		return fmt.Errorf("year %q: %w", f[1], err)
	}
	share, err := strconv.ParseFloat(f[2], 64)
	if err != nil || share <= 0 || share >= 100 {
		return fmt.Errorf("labour share %q: want a percentage between 0 and 100", f[2])
	}
	if f[0] == "" || f[3] == "" {
		return fmt.Errorf("geography and source are required")
	}
	r.FactorShares = append(r.FactorShares, FactorShare{Geo: f[0], Year: year, LabourShare: share, Source: f[3]})
	return nil
}

// addParameter reads one record of parameters.tsv.
func (r *Reference) addParameter(f []string) error {
	v, err := number(f, 1)
	if err != nil {
		return err
	}
	r.Parameters = append(r.Parameters, Parameter{f[0], v, f[2], f[3], f[4]})
	return nil
}

// Parameter returns the parameter with the given name.
func (r *Reference) Parameter(name string) (Parameter, bool) {
	for _, p := range r.Parameters {
		if p.Name == name {
			return p, true
		}
	}
	return Parameter{}, false
}

// check verifies that every indicator the shared reference data names
// exists.
func (r *Reference) check() error {
	for _, m := range r.SeriesMap {
		if _, ok := r.Indicator(m.Indicator); !ok {
			return fmt.Errorf("series_map.tsv: unknown indicator %q", m.Indicator)
		}
	}
	for _, d := range r.DefinitionChanges {
		if _, ok := r.Indicator(d.Indicator); !ok {
			return fmt.Errorf("definition_changes.tsv: unknown indicator %q", d.Indicator)
		}
	}
	return nil
}

// Indicator returns the indicator with the given code.
func (r *Reference) Indicator(code string) (Indicator, bool) {
	for _, i := range r.Indicators {
		if i.Code == code {
			return i, true
		}
	}
	return Indicator{}, false
}

var (
	quarterRE = regexp.MustCompile(`^Quý\s+(I|II|III|IV)\s*/\s*(\d{4})$`)
	yearRE    = regexp.MustCompile(`^(\d{4})$`)
)

// ParseDue reads the plan's "Thời gian ban hành" cell: "Quý III/2021" is the
// third quarter of 2021, "2022" the whole year, "Đã ban hành" a task already
// issued when the plan was adopted.
func ParseDue(text string) (Due, error) {
	d := Due{Text: text}
	s := strings.TrimSpace(text)
	switch {
	case strings.EqualFold(s, "Đã ban hành"):
		d.AlreadyIssued = true
		return d, nil
	case quarterRE.MatchString(s):
		m := quarterRE.FindStringSubmatch(s)
		q := map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4}[m[1]]
		y, _ := strconv.Atoi(m[2])
		start := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
		end := start.AddDate(0, 3, -1)
		d.Start, d.End = &start, &end
		return d, nil
	case yearRE.MatchString(s):
		y, _ := strconv.Atoi(s)
		start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		end := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
		d.Start, d.End = &start, &end
		return d, nil
	}
	return d, fmt.Errorf("due time %q: want \"Quý I..IV/YYYY\", \"YYYY\" or \"Đã ban hành\"", text)
}

var budgetRE = regexp.MustCompile(`^(\d+(?:[.,]\d+)?)\s*(.*)$`)

// ParseBudget reads a "Dự kiến kinh phí (tỷ đồng)" cell in Vietnamese
// notation: "4,9" is 4.9 billion VND, "-" is no amount stated, and
// "200 (trong đó 91,05 tỷ …)" is 200 with the breakdown kept as the note.
func ParseBudget(text string) (Budget, error) {
	b := Budget{Text: text}
	s := strings.TrimSpace(text)
	if s == "-" || s == "" {
		return b, nil
	}
	m := budgetRE.FindStringSubmatch(s)
	if m == nil {
		return b, fmt.Errorf("budget %q: no amount in billion VND", text)
	}
	v, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	if err != nil {
		return b, fmt.Errorf("budget %q: %w", text, err)
	}
	b.BillionVND = &v
	b.Note = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(m[2]), "("), ")")
	return b, nil
}
