package plan

import (
	"math"
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
	for name, want := range map[string]float64{"capital_share_alpha": 0.522, "progress_on_track": 0.95, "progress_at_risk": 0.5, "depreciation_rate": 0.05} {
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
		"AGRI_OUTPUT", "ENTERPRISES_INNOVATING", "ENTERPRISES_SURVEYED", "OCOP_IP_SUPPORTED", "OCOP_PRODUCTS",
		"INV_WORKING_CAPITAL_CONST", "INV_OTHER_CONST"} {
		if i, ok := ref.Indicator(code); !ok || i.Role != "input" {
			t.Errorf("input indicator %s missing", code)
		}
	}
}

// TestDefaultAlphaIsTheCitedMean: the default capital share is 1 − the mean
// of the labour shares it cites (factor_shares.tsv, Viet Nam 2010–2020), so
// the two files cannot drift apart.
func TestDefaultAlphaIsTheCitedMean(t *testing.T) {
	ref, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	sum, n := 0.0, 0
	for _, f := range ref.FactorShares {
		if f.Geo == "VN" && f.Year >= 2010 && f.Year <= 2020 {
			sum += f.LabourShare
			n++
		}
	}
	if n != 11 {
		t.Fatalf("%d Viet Nam labour shares for 2010–2020, want 11", n)
	}
	p, _ := ref.Parameter("capital_share_alpha")
	if want := 1 - sum/float64(n)/100; math.Abs(p.Value-want) > 0.0005 {
		t.Errorf("capital_share_alpha = %v, want 1 − mean labour share = %.4f", p.Value, want)
	}
}

// TestTargetReadings: every target says which way is better and how its
// wording was read; a band of a quantity that should grow is read as a floor.
func TestTargetReadings(t *testing.T) {
	ref, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"KPI1_TFP_SHARE": "up", "KPI2_LABOUR_PROD_GROWTH": "up", "KPI4_DIGITAL_ECON_SHARE": "up",
		"KPI7A_PUBLICATIONS_RANK": "down", "KPI7B_PATENT_GROWTH_RANK": "down"}
	for _, tg := range ref.Targets {
		if d, ok := want[tg.KPICode]; ok && tg.Direction != d {
			t.Errorf("%s direction %q, want %q", tg.KPICode, tg.Direction, d)
		}
		if tg.Reading == "" {
			t.Errorf("%s has no reading", tg.KPICode)
		}
	}
	if tg := ref.Targets[0]; tg.KPICode != "KPI1_TFP_SHARE" || tg.Average != "growth_weighted" {
		t.Errorf("KPI 1 averages %q, want growth_weighted (GSO's period share)", tg.Average)
	}
}
