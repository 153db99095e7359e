package plan

import (
	"slices"
	"testing"
)

// TestParametersAndPeriodKinds: the computation constants and the period
// kinds each indicator accepts are transcribed and parsed.
func TestParametersAndPeriodKinds(t *testing.T) {
	ref, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]float64{"capital_share_alpha": 0.4, "progress_on_track": 0.95, "progress_at_risk": 0.5, "depreciation_rate": 0.05} {
		p, ok := ref.Parameter(name)
		if !ok || p.Value != want || p.Source == "" {
			t.Errorf("parameter %s = %+v (%v), want %v with a source", name, p, ok, want)
		}
	}
	for code, want := range map[string][]string{
		"KPI1_TFP_SHARE":            {"year"},
		"KPI7A_PUBLICATIONS_RANK":   {"year"},
		"KPI5_INNOVATING_ENT_SHARE": {"year", "half"},
		"GRDP_CONST":                nil, // any kind: quarterly GRDP is published
	} {
		i, ok := ref.Indicator(code)
		if !ok || !slices.Equal(i.PeriodKinds, want) {
			t.Errorf("%s period kinds = %v, want %v", code, i.PeriodKinds, want)
		}
	}
	// Every input a KPI derivation in sql/views/020_kpi.sql names exists.
	for _, code := range []string{"CAPITAL_STOCK", "CAPITAL_SHARE", "GFCF_CONST", "GRDP_CURRENT", "DIGITAL_ECON_VA", "HITECH_AGRI_OUTPUT",
		"AGRI_OUTPUT", "ENTERPRISES_INNOVATING", "ENTERPRISES_SURVEYED", "OCOP_IP_SUPPORTED", "OCOP_PRODUCTS"} {
		if i, ok := ref.Indicator(code); !ok || i.Role != "input" {
			t.Errorf("input indicator %s missing", code)
		}
	}
}
