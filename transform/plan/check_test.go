package plan

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanCheckPlacesProblems breaks the example plan one way at a time and
// checks that LoadPlanDir says where: file, line, column and what.
func TestPlanCheckPlacesProblems(t *testing.T) {
	ref, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join("..", "..", "testdata", "plans", "example-dx-2026")
	tests := []struct {
		name, file, old, new string
		want                 string // the problem, as Problem.Error() without the folder
	}{
		{"field count", "tasks.tsv", "\tUBNDTP\tQuý II/2026\t10", "\tUBNDTP\tQuý II/2026",
			"tasks.tsv:3: 7 fields, want 8"},
		{"formula kind", "kpis.tsv", "\treported", "\tquoted",
			`kpis.tsv:4:10 (formula): unknown formula kind "quoted"`},
		{"formula role", "kpis.tsv", "ratio(numerator=DIGITAL_ECON_VA, denominator=GRDP_CURRENT)", "ratio(numerator=DIGITAL_ECON_VA)",
			`kpis.tsv:3:10 (formula): ratio needs an input "denominator"`},
		{"unknown input", "kpis.tsv", "denominator=GRDP_CURRENT", "denominator=GRDP_NOW",
			"kpis.tsv:3:10 (formula): input denominator=GRDP_NOW is not a known input series"},
		{"KPI code of Plan 185", "kpis.tsv", "EX2_ONLINE_SERVICES_SHARE\t2", "KPI4_DIGITAL_ECON_SHARE\t2",
			"kpis.tsv:4:1 (code): KPI code KPI4_DIGITAL_ECON_SHARE is already plan hn-185-2021's"},
		{"comparator", "targets.tsv", "EX1_DIGITAL_ECON_SHARE\tge\t22", "EX1_DIGITAL_ECON_SHARE\tat_least\t22",
			`targets.tsv:4:2 (comparator): comparator "at_least": want gt, ge, between, approx or rank_le`},
		{"amendment without its date", "targets.tsv", "\t2027-06-20", "\t",
			"targets.tsv:7:15 (in_force_from): an amendment gives in_force_from, decision and decision_date"},
		{"amendment of no target", "targets.tsv", "(raised by the amending decision).\t2030", "(raised by the amending decision).\t2029",
			"targets.tsv:7:16 (decision): amends a target the plan does not set (EX2_ONLINE_SERVICES_SHARE, horizon 2029)"},
		{"unknown lead", "tasks.tsv", "3\tKế hoạch ví dụ về dịch vụ công trực tuyến\tSTTTT", "3\tKế hoạch ví dụ về dịch vụ công trực tuyến\tSTT",
			`tasks.tsv:5:3 (lead): agency "STT" is not in agencies.tsv`},
		{"duplicate task", "tasks.tsv", "3\tKế hoạch ví dụ", "2\tKế hoạch ví dụ",
			"tasks.tsv:5:1 (no): task 2 is listed twice"},
		{"bad due", "tasks.tsv", "Quý II/2026", "Quý 2/2026",
			`tasks.tsv:3:7 (due_text): due time "Quý 2/2026"`},
		{"bad date", "plan.tsv", "issued\t2026-02-01", "issued\t01/02/2026",
			`plan.tsv:10:2 (value): issued "01/02/2026": want YYYY-MM-DD`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files, _ := os.ReadDir(src)
			for _, f := range files {
				b, err := os.ReadFile(filepath.Join(src, f.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if f.Name() == tt.file {
					if !strings.Contains(string(b), tt.old) {
						t.Fatalf("%s has no %q to break", tt.file, tt.old)
					}
					b = []byte(strings.Replace(string(b), tt.old, tt.new, 1))
				}
				os.WriteFile(filepath.Join(dir, f.Name()), b, 0o644)
			}
			_, err := ref.LoadPlanDir(dir)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("LoadPlanDir: %v, want problems", err)
			}
			if !strings.Contains(err.Error(), dir+"/"+tt.want) {
				t.Errorf("problems:\n%v\nwant one starting %q", err, tt.want)
			}
		})
	}
	// a missing file is said so, not read as empty
	dir := t.TempDir()
	if _, err := ref.LoadPlanDir(dir); err == nil || !strings.Contains(err.Error(), dir+"/kpis.tsv: cannot read") {
		t.Errorf("empty folder: %v", err)
	}
}

// TestPlanCheckSaysOneThingOnce: a problem is reported once, where it is —
// not again as the checks of other files that depend on it — and a
// byte-order mark (Excel's and Notepad's UTF-8) is no problem.
func TestPlanCheckSaysOneThingOnce(t *testing.T) {
	ref, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join("..", "..", "testdata", "plans", "example-dx-2026")
	copyWith := func(file string, edit func(string) string) string {
		dir := t.TempDir()
		files, _ := os.ReadDir(src)
		for _, f := range files {
			b, _ := os.ReadFile(filepath.Join(src, f.Name()))
			if f.Name() == file {
				b = []byte(edit(string(b)))
			}
			os.WriteFile(filepath.Join(dir, f.Name()), b, 0o644)
		}
		return dir
	}
	for _, file := range []string{"plan.tsv", "kpis.tsv", "targets.tsv"} {
		dir := copyWith(file, func(s string) string { return "\ufeff" + s })
		if _, err := ref.LoadPlanDir(dir); err != nil {
			t.Errorf("%s with a byte-order mark: %v", file, err)
		}
	}
	for name, c := range map[string]struct {
		file string
		edit func(string) string
		want string
	}{
		"missing header key": {"plan.tsv", func(s string) string { return strings.Replace(s, "geo\t01\n", "", 1) }, "plan.tsv: no geo"},
		"trailing tab": {"kpis.tsv", func(s string) string { return strings.Replace(s, "\treported\n", "\treported\t\n", 1) },
			"kpis.tsv:4: 11 fields, want 10"},
		"bad bound": {"targets.tsv", func(s string) string { return strings.Replace(s, "\tge\t22\t", "\tge\tabc\t", 1) },
			`targets.tsv:4:3 (low): "abc" is not a number`},
	} {
		_, err := ref.LoadPlanDir(copyWith(c.file, c.edit))
		var ps Problems
		if !errors.As(err, &ps) || len(ps) != 1 || !strings.Contains(ps[0].Error(), c.want) {
			t.Errorf("%s: %v; want exactly one problem, %q", name, err, c.want)
		}
	}
}
