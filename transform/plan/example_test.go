package plan

import (
	"testing"
	"time"
)

// TestExamplePlanFolder reads testdata/plans/example-dx-2026, the example
// second plan the load and command tests use, and checks what its files
// say reaches the Plan: the original targets carry the plan's own number
// and date, the amendment its decision.
func TestExamplePlanFolder(t *testing.T) {
	ref, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	p, err := ref.LoadPlanDir("../../testdata/plans/example-dx-2026")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "example-dx-2026" || p.BaselineYear != 2025 || p.LastYear != 2030 || p.Geo != "01" {
		t.Errorf("header = %+v", p.Header)
	}
	if len(p.KPIs) != 2 || len(p.Tasks) != 3 || len(p.Targets) != 4 || len(p.Reviews) != 2 {
		t.Fatalf("%d KPIs, %d tasks, %d targets, %d reviews; want 2, 3, 4, 2", len(p.KPIs), len(p.Tasks), len(p.Targets), len(p.Reviews))
	}
	if f := p.KPIs[0].Formula; f.Kind != "ratio" || f.Inputs[1] != (FormulaInput{"denominator", "GRDP_CURRENT"}) {
		t.Errorf("EX1 formula = %+v", f)
	}
	orig, amended := p.Targets[2], p.Targets[3]
	if orig.Decision != "99/KH-UBND (ví dụ)" || !orig.InForceFrom.Equal(p.Issued) {
		t.Errorf("original target: decision %q from %s, want the plan's", orig.Decision, orig.InForceFrom)
	}
	if amended.Decision != "123/QĐ-UBND (ví dụ)" || !amended.InForceFrom.Equal(time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)) || *amended.Low != 90 {
		t.Errorf("amendment = %+v", amended)
	}
	if err := ref.AddPlan(p); err != nil {
		t.Fatal(err)
	}
	if err := ref.AddPlan(p); err == nil {
		t.Error("adding the same plan twice is no error")
	}
}
