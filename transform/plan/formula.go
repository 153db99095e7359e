package plan

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Formula says how a KPI is computed from input series, as data: a kind
// and the inputs it takes, by role. The SQL of sql/views/020_kpi.sql knows
// the kinds; a plan names its KPIs and their inputs, so a new plan's KPIs
// need no code. A value the lead agency reports under the KPI's own code is
// always a candidate beside the derived one (kpi_candidates).
type Formula struct {
	Kind   string
	Inputs []FormulaInput
	Text   string // as written in kpis.tsv
}

// FormulaInput is one input of a formula: its role in the kind's
// arithmetic and the indicator that plays it.
type FormulaInput struct {
	Role, Indicator string
}

// formulaKind is what a kind of formula takes: the roles it requires and
// those it may have (repeatable roles may appear more than once).
type formulaKind struct {
	required, optional, repeatable []string
	doc                            string
}

// FormulaKinds are the kinds a KPI's formula can have, each with what it
// computes. The SQL in sql/views/020_kpi.sql implements each one.
var FormulaKinds = map[string]formulaKind{
	"reported": {doc: "the value the lead agency or a statistics office reports under the KPI's code; nothing derived"},
	"ratio": {required: []string{"numerator", "denominator"},
		doc: "numerator / denominator × 100, for the plan's place and the year"},
	"growth_of_ratio": {required: []string{"numerator", "denominator"}, optional: []string{"numerator_growth"},
		doc: "growth of numerator/denominator, %: (1 + g_numerator) / (denominator_t / denominator_t−1) − 1; g_numerator from the numerator's levels, else its published growth (numerator_growth)"},
	"growth_accounting": {required: []string{"output", "labour"}, optional: []string{"output_growth", "capital", "capital_share", "investment"}, repeatable: []string{"not_fixed"},
		doc: "TFP's share of output growth: g_TFP = g_Y − α·g_K − (1−α)·g_L, share = g_TFP / g_Y × 100; K is capital where published, else the perpetual inventory of investment less the not_fixed items; α is capital_share / 100 where published, else from factor_shares or the capital_share_alpha parameter; output_growth (published growth of output) weighs a reported share where output levels are missing"},
	"rank": {required: []string{"input"},
		doc: "the plan's place's rank among the country's provinces by input in the year (1 = most)"},
	"rank_of_growth": {required: []string{"input"},
		doc: "the plan's place's rank among the country's provinces by the year's growth of input (1 = fastest)"},
}

var formulaRE = regexp.MustCompile(`^([a-z_]+)\s*(?:\((.*)\))?$`)

// ParseFormula reads a formula as kpis.tsv writes it:
//
//	reported
//	ratio(numerator=HITECH_AGRI_OUTPUT, denominator=AGRI_OUTPUT)
//	rank_of_growth(input=PATENT_APPS)
func ParseFormula(text string) (Formula, error) {
	f := Formula{Text: text}
	m := formulaRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return f, fmt.Errorf("formula %q: want kind(role=INDICATOR, …), e.g. ratio(numerator=A, denominator=B)", text)
	}
	f.Kind = m[1]
	kind, ok := FormulaKinds[f.Kind]
	if !ok {
		return f, fmt.Errorf("unknown formula kind %q (want %s)", f.Kind, strings.Join(kindNames(), ", "))
	}
	if strings.TrimSpace(m[2]) != "" {
		for _, arg := range strings.Split(m[2], ",") {
			role, ind, ok := strings.Cut(arg, "=")
			role, ind = strings.TrimSpace(role), strings.TrimSpace(ind)
			if !ok || role == "" || ind == "" {
				return f, fmt.Errorf("%s: argument %q: want role=INDICATOR", f.Kind, strings.TrimSpace(arg))
			}
			f.Inputs = append(f.Inputs, FormulaInput{role, ind})
		}
	}
	seen := map[string]int{}
	for _, in := range f.Inputs {
		seen[in.Role]++
		switch {
		case slices.Contains(kind.repeatable, in.Role):
		case !slices.Contains(kind.required, in.Role) && !slices.Contains(kind.optional, in.Role):
			return f, fmt.Errorf("%s takes no input %q (it takes %s)", f.Kind, in.Role, strings.Join(kind.roles(), ", "))
		case seen[in.Role] > 1:
			return f, fmt.Errorf("%s: input %q given twice", f.Kind, in.Role)
		}
	}
	for _, r := range kind.required {
		if seen[r] == 0 {
			return f, fmt.Errorf("%s needs an input %q (it takes %s)", f.Kind, r, strings.Join(kind.roles(), ", "))
		}
	}
	if f.Kind == "growth_accounting" && seen["capital"] == 0 && seen["investment"] == 0 {
		return f, fmt.Errorf("growth_accounting needs capital or investment (to build the capital stock)")
	}
	return f, nil
}

func (k formulaKind) roles() []string {
	var rs []string
	if len(k.required)+len(k.optional)+len(k.repeatable) == 0 {
		return []string{"no inputs"}
	}
	rs = append(rs, k.required...)
	for _, r := range k.optional {
		rs = append(rs, r+" (optional)")
	}
	for _, r := range k.repeatable {
		rs = append(rs, r+" (optional, repeatable)")
	}
	return rs
}

func kindNames() []string {
	var names []string
	for k := range FormulaKinds {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
