// Package plan holds the reference data of Plan 185/KH-UBND (Hanoi People's
// Committee, 11 August 2021): its seven KPIs and their targets, the agencies
// it names, and the 35 programmes and projects of its appendix.
//
// The data is transcribed by hand from the plan's text into the TSV files
// beside this file and embedded in the binary, so the warehouse never depends
// on a file outside the project at run time. The original cells are kept next
// to the parsed values (due dates, budgets) so a reader can check every
// parse against the plan's own words.
package plan

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	//go:embed agencies.tsv
	agenciesTSV []byte
	//go:embed indicators.tsv
	indicatorsTSV []byte
	//go:embed targets.tsv
	targetsTSV []byte
	//go:embed tasks.tsv
	tasksTSV []byte
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

// Adopted is the date the plan was signed; tasks marked "Đã ban hành"
// (already issued) were issued before it.
var Adopted = time.Date(2021, 8, 11, 0, 0, 0, 0, time.UTC)

// Baseline and horizon years of every target in the plan.
const (
	BaselineYear = 2020
	HorizonYear  = 2025
)

// Agency is a lead or coordinating body named by the plan.
type Agency struct {
	Code, NameVI, NameEN, Kind string
}

// Indicator is a KPI of the plan or an input series used to compute one.
type Indicator struct {
	Code       string
	KPINo      int    // 1..7 for KPIs; 0 for inputs
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

// Target is one of the plan's targets, as data.
type Target struct {
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

// Task is one programme or project of the plan's appendix.
type Task struct {
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

// Reference is all of the plan's reference data.
type Reference struct {
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

// Load parses the embedded reference data. It fails only if the files in the
// binary are malformed, which the package tests rule out.
func Load() (*Reference, error) {
	var ref Reference
	for _, t := range []struct {
		name   string
		text   []byte
		fields int
		add    func([]string) error
	}{
		{"agencies.tsv", agenciesTSV, 4, ref.addAgency},
		{"indicators.tsv", indicatorsTSV, 10, ref.addIndicator},
		{"targets.tsv", targetsTSV, 13, ref.addTarget},
		{"tasks.tsv", tasksTSV, 8, ref.addTask},
		{"series_map.tsv", seriesMapTSV, 6, ref.addSeriesMap},
		{"boundary_changes.tsv", boundaryChangesTSV, 6, ref.addBoundaryChange},
		{"definition_changes.tsv", definitionChangesTSV, 5, ref.addDefinitionChange},
		{"factor_shares.tsv", factorSharesTSV, 4, ref.addFactorShare},
		{"parameters.tsv", parametersTSV, 5, ref.addParameter},
	} {
		if err := eachRecord(t.name, t.text, t.fields, t.add); err != nil {
			return nil, err
		}
	}
	return &ref, ref.check()
}

// addAgency reads one record of agencies.tsv.
func (r *Reference) addAgency(f []string) error {
	r.Agencies = append(r.Agencies, Agency{f[0], f[1], f[2], f[3]})
	return nil
}

// addIndicator reads one record of indicators.tsv.
func (r *Reference) addIndicator(f []string) error {
	no, err := strconv.Atoi(f[1])
	if err != nil {
		return err
	}
	lo, err := strconv.ParseFloat(f[6], 64)
	if err != nil {
		return err
	}
	hi, err := strconv.ParseFloat(f[7], 64)
	if err != nil {
		return err
	}
	var kinds []string
	if f[9] != "*" {
		kinds = splitCodes(f[9])
		for _, k := range kinds {
			if !periodKinds[k] {
				return fmt.Errorf("%s: unknown period kind %q (want year, half, quarter, month, ytd or *)", f[0], k)
			}
		}
	}
	r.Indicators = append(r.Indicators, Indicator{Code: f[0], KPINo: no, Role: f[2], NameVI: f[3], NameEN: f[4],
		Unit: f[5], Min: lo, Max: hi, Definition: f[8], PeriodKinds: kinds})
	return nil
}

// addTarget reads one record of targets.tsv.
func (r *Reference) addTarget(f []string) error {
	t := Target{KPICode: f[0], Comparator: f[1], Kind: f[5], Lead: f[6], Coordinating: splitCodes(f[7]), WordingVI: f[8], WordingEN: f[9],
		Average: f[10], Direction: f[11], Reading: f[12]}
	switch t.Direction {
	case "up", "down", "two_sided":
	default:
		return fmt.Errorf("direction %q: want up, down or two_sided", t.Direction)
	}
	switch {
	case t.Kind == "annual_average" && t.Average != "geometric" && t.Average != "arithmetic" && t.Average != "growth_weighted":
		return fmt.Errorf("average %q: want geometric, arithmetic or growth_weighted", t.Average)
	case t.Kind == "level" && t.Average != "":
		return fmt.Errorf("a level target has no average (got %q)", t.Average)
	case t.Comparator == "rank_le" && t.Direction != "down":
		return fmt.Errorf("a rank target is better down, not %s", t.Direction)
	case t.Reading == "":
		return fmt.Errorf("no reading of the wording")
	}
	var err error
	if t.Low, err = optFloat(f[2]); err != nil {
		return err
	}
	if t.High, err = optFloat(f[3]); err != nil {
		return err
	}
	if t.Tolerance, err = optFloat(f[4]); err != nil {
		return err
	}
	r.Targets = append(r.Targets, t)
	return nil
}

// addTask reads one record of tasks.tsv.
func (r *Reference) addTask(f []string) error {
	no, err := strconv.Atoi(f[0])
	if err != nil {
		return err
	}
	due, err := ParseDue(f[6])
	if err != nil {
		return err
	}
	budget, err := ParseBudget(f[7])
	if err != nil {
		return err
	}
	r.Tasks = append(r.Tasks, Task{No: no, NameVI: f[1], Lead: f[2], Coordinating: splitCodes(f[3]),
		CoordinatingText: f[4], Issuer: f[5], Due: due, Budget: budget})
	return nil
}

// addSeriesMap reads one record of series_map.tsv.
func (r *Reference) addSeriesMap(f []string) error {
	factor, err := strconv.ParseFloat(f[3], 64)
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
	v, err := strconv.ParseFloat(f[1], 64)
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

// check verifies that every code a record refers to exists.
func (r *Reference) check() error {
	agencies := map[string]bool{}
	for _, a := range r.Agencies {
		agencies[a.Code] = true
	}
	indicators := map[string]bool{}
	for _, i := range r.Indicators {
		indicators[i.Code] = true
	}
	refs := func(where string, codes ...string) error {
		for _, c := range codes {
			if !agencies[c] {
				return fmt.Errorf("%s: unknown agency code %q", where, c)
			}
		}
		return nil
	}
	for _, t := range r.Targets {
		if !indicators[t.KPICode] {
			return fmt.Errorf("targets.tsv: unknown indicator %q", t.KPICode)
		}
		if err := refs("targets.tsv "+t.KPICode, append([]string{t.Lead}, t.Coordinating...)...); err != nil {
			return err
		}
	}
	for _, t := range r.Tasks {
		if err := refs(fmt.Sprintf("tasks.tsv task %d", t.No), append([]string{t.Lead, t.Issuer}, t.Coordinating...)...); err != nil {
			return err
		}
	}
	for _, m := range r.SeriesMap {
		if !indicators[m.Indicator] {
			return fmt.Errorf("series_map.tsv: unknown indicator %q", m.Indicator)
		}
	}
	for _, d := range r.DefinitionChanges {
		if !indicators[d.Indicator] {
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

func eachRecord(name string, data []byte, fields int, fn func([]string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != fields {
			return fmt.Errorf("%s:%d: %d fields, want %d", name, line, len(f), fields)
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if err := fn(f); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	return sc.Err()
}

func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func optFloat(s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, err
	}
	return &v, nil
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
