package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"flag"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	_ "github.com/hanoi-sti/chitieu/extract/all"
	"github.com/hanoi-sti/chitieu/extract/excel"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/load/report"
	"github.com/hanoi-sti/chitieu/schedules"
)

// midtermKPI5 are the values of an earlier report (dated 20/11/2023) that
// the 2024 sample report revises: the mid-term review must show these, the
// final review the revised ones.
var midtermKPI5 = []any{38.0, 40.0, 43.0, 45.5}

var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixturePath string
	fixtureErr  error
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// fixture is a warehouse holding the bundled sample sources (vintage
// 25/11/2024) and one earlier report of SKHCN (vintage 20/11/2023), built
// once per test binary and opened read-only by each test.
func fixture(t *testing.T) *load.Warehouse {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureDir, fixtureErr = os.MkdirTemp("", "chitieu-report-test-")
		if fixtureErr != nil {
			return
		}
		fixturePath, fixtureErr = buildFixture(fixtureDir)
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	w, err := load.Open(context.Background(), fixturePath, load.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func buildFixture(dir string) (string, error) {
	ctx := context.Background()
	db := filepath.Join(dir, "w.duckdb")
	w, err := load.Open(ctx, db, load.Options{})
	if err != nil {
		return "", err
	}
	defer w.Close()
	cfg, err := schedules.LoadConfig(filepath.Join("..", "..", "schedules", "sources.toml"))
	if err != nil {
		return "", err
	}
	p := &schedules.Pipeline{Warehouse: w}
	if _, err := p.Run(ctx, cfg, cfg.Sources, "test", ""); err != nil {
		return "", err
	}
	old := excel.Report{Title: "Báo cáo kết quả thực hiện chỉ tiêu Kế hoạch 185/KH-UBND (DỮ LIỆU MẪU)",
		Agency: "Sở Khoa học và Công nghệ", AgencyCode: "SKHCN", Period: "Năm 2023",
		Date: time.Date(2023, 11, 20, 0, 0, 0, 0, time.UTC), Sample: true, Note: "DỮ LIỆU MẪU",
		Periods: []string{"2020", "2021", "2022", "Sơ bộ 2023"},
		Rows: []excel.ReportRow{{Code: "KPI5_INNOVATING_ENT_SHARE", Name: "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", Unit: "%",
			Values: midtermKPI5}}}
	var buf bytes.Buffer
	if err := excel.WriteReport(&buf, old); err != nil {
		return "", err
	}
	f := filepath.Join(dir, "bao-cao-skhcn-2023.xlsx")
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		return "", err
	}
	if _, err := p.LoadFiles(ctx, []string{f}, "skhcn-report", true); err != nil {
		return "", err
	}
	return db, nil
}

func gather(t *testing.T, w *load.Warehouse, name string) *report.Report {
	t.Helper()
	rv, err := report.LookupReview(context.Background(), w.DB(), "", name, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Gather(context.Background(), w.DB(), w.Path(), rv, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// actualAsOf asks the warehouse directly what a KPI's value was, as known at t.
func actualAsOf(t *testing.T, db *sql.DB, t0 time.Time, code string, year int) sql.NullFloat64 {
	t.Helper()
	var v sql.NullFloat64
	err := db.QueryRow(`SELECT actual FROM kpi_status_as_of(CAST(? AS TIMESTAMP)) WHERE kpi_code = ? AND year = ?`, t0, code, year).Scan(&v)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func kpiByCode(t *testing.T, r *report.Report, code string) *report.KPI {
	t.Helper()
	for i := range r.KPIs {
		if r.KPIs[i].Code == code {
			return &r.KPIs[i]
		}
	}
	t.Fatalf("%s not in the report", code)
	return nil
}

// TestLookupReview: the reviews are the plan's data (plan_reviews, from
// its reviews.tsv); the final review reads what is known now.
func TestLookupReview(t *testing.T) {
	w := fixture(t)
	ctx := context.Background()
	lookup := func(plan, name string, now time.Time) (report.Review, error) {
		return report.LookupReview(ctx, w.DB(), plan, name, now)
	}
	now := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	rv, err := lookup("", "final-2025", now)
	if err != nil || !rv.AsOf.Equal(now) || rv.Year != 2025 || rv.PlanID != "hn-185-2021" || rv.BaselineYear != 2020 ||
		rv.FirstYear != 2021 || rv.LastYear != 2025 || rv.PlanNumber != "185/KH-UBND" {
		t.Errorf("final-2025 before its date: %+v %v", rv, err)
	}
	// After 2025 too: the final review reads what is known now, since the
	// figures for 2024 and 2025 come out in the following year.
	if rv, _ = lookup("", "final-2025", now.AddDate(2, 0, 0)); !rv.AsOf.Equal(now.AddDate(2, 0, 0)) {
		t.Errorf("final-2025 after its date: as of %v, want now", rv.AsOf)
	}
	rv, _ = lookup("185/kh-ubnd", "midterm-2023", now)
	if rv.AsOf.Format(time.DateTime) != "2023-12-31 23:59:59" || rv.Year != 2023 || !strings.HasPrefix(rv.TitleVI, "Sơ kết giữa kỳ") {
		t.Errorf("midterm-2023: %+v", rv)
	}
	if _, err := lookup("", "midterm-2024", now); err == nil || !strings.Contains(err.Error(), "midterm-2023 (hn-185-2021)") {
		t.Errorf("unknown review: %v", err)
	}
	if _, err := lookup("another-plan", "midterm-2023", now); err == nil {
		t.Error("a review of a plan that is not in the warehouse was found")
	}
}

// TestGatherUsesTheDataAsOfTheReview checks vintages: the mid-term review
// shows the values reported in 2023, the final review the revised ones,
// and each lists as sources only the payloads it used.
func TestGatherUsesTheDataAsOfTheReview(t *testing.T) {
	w := fixture(t)
	mid := gather(t, w, "midterm-2023")
	fin := gather(t, w, "final-2025")

	if len(mid.KPIs) != 8 || len(fin.KPIs) != 8 {
		t.Fatalf("%d and %d KPI targets; want 8 (KPI 7 has two)", len(mid.KPIs), len(fin.KPIs))
	}
	if len(mid.Tasks) != 35 {
		t.Errorf("%d plan tasks; want 35", len(mid.Tasks))
	}
	k := kpiByCode(t, mid, "KPI5_INNOVATING_ENT_SHARE")
	for i, y := range mid.Years {
		want := actualAsOf(t, w.DB(), mid.Review.AsOf, k.Code, y)
		if got := k.Actual[i]; got.OK != want.Valid || got.V != want.Float64 {
			t.Errorf("mid-term KPI5 %d = %+v; kpi_status_as_of says %+v", y, got, want)
		}
	}
	if !k.Actual[3].OK || k.Actual[3].V != midtermKPI5[3].(float64) || k.Year != 2023 {
		t.Errorf("mid-term KPI5 2023 = %+v (latest year %d); want the 2023 report's %v", k.Actual[3], k.Year, midtermKPI5[3])
	}
	kf := kpiByCode(t, fin, "KPI5_INNOVATING_ENT_SHARE")
	if want := actualAsOf(t, w.DB(), fin.Review.AsOf, kf.Code, 2023); !kf.Actual[3].OK || kf.Actual[3].V != want.Float64 || want.Float64 == midtermKPI5[3] {
		t.Errorf("final KPI5 2023 = %+v; want the revised %v", kf.Actual[3], want)
	}
	// KPIs nobody had reported by the end of 2023 have no data at mid-term.
	if k1 := kpiByCode(t, mid, "KPI1_TFP_SHARE"); k1.Year != 0 || k1.Status != "no_data" {
		t.Errorf("mid-term KPI1: year %d status %s; nothing was reported by 2023", k1.Year, k1.Status)
	}
	if len(mid.Sources) != 1 || !mid.Sources[0].Sample || mid.Sources[0].Vintage.Year() != 2023 {
		t.Errorf("mid-term sources: %+v", mid.Sources)
	}
	// The three sample agency reports of 2024 and the three real sources
	// (the NSO tables exported in 2026, the published figures): the final
	// review reads what is known now.
	if len(fin.Sources) != 6 || !fin.Sample {
		t.Errorf("final sources: %d, sample %v", len(fin.Sources), fin.Sample)
	}
	for _, s := range fin.Sources {
		if s.Vintage.Year() != 2024 && s.Vintage.Year() != 2026 || s.Vintage.After(fin.Review.AsOf) {
			t.Errorf("final review cites %s (%v)", s.URI, s.Vintage)
		}
	}
	// Tasks: done only when already issued; the rest are not reported.
	done, due := mid.TasksDone()
	var issued int
	w.DB().QueryRow(`SELECT count(*) FROM plan_tasks WHERE already_issued`).Scan(&issued)
	if done != issued || done == 0 || due < done || due > 35 {
		t.Errorf("tasks done %d (issued %d), due %d", done, issued, due)
	}
	for _, tk := range mid.Tasks {
		if !tk.AlreadyIssued && tk.DoneEN != "not reported" || tk.Status != "" {
			t.Errorf("task %d at mid-term: %q, status %q; the task reports are dated 2024", tk.No, tk.DoneEN, tk.Status)
		}
	}
	// The final review shows the sample reports' task sheets (dated
	// 2024-11-25): each reported task's status, document and budget
	// disbursed against the plan, and lists the overdue ones: of the 35,
	// 4 were issued before the plan (2, 3, 4 are also reported issued; 13,
	// 14 not reported) and 1 and 18 are reported done, so 28 are overdue.
	reported := map[int]string{}
	for _, tk := range fin.Tasks {
		if tk.Status != "" {
			reported[tk.No] = tk.DoneVI + " / " + tk.DoneEN + " · " + tk.ReportedText() + " · " + tk.DisbursedText()
		}
	}
	for no, want := range map[int]string{
		1:  "Hoàn thành / completed · 25/11/2024 · 1234/QĐ-UBND (15/06/2022) · 2/2",
		5:  "Đang triển khai / under way · 25/11/2024 · 2,1/5",
		7:  "Chưa triển khai / not started · 25/11/2024 · ",
		18: "Hoàn thành / completed · 25/11/2024 · 5678/QĐ-UBND (20/09/2022) · 4,5/4,9",
		22: "Đang triển khai / under way · 25/11/2024 · 620/3.000",
	} {
		if reported[no] != want {
			t.Errorf("final review task %d: %q, want %q", no, reported[no], want)
		}
	}
	if len(reported) != 11 {
		t.Errorf("final review: %d tasks with a reported status, want the samples' 11", len(reported))
	}
	var overdue []int
	for _, tk := range fin.OverdueTasks() {
		overdue = append(overdue, tk.No)
	}
	if len(overdue) != 28 || overdue[0] != 5 || slices.Contains(overdue, 1) || slices.Contains(overdue, 18) || slices.Contains(overdue, 13) {
		t.Errorf("final review overdue tasks %v: want 28, from task 5, without 1, 13 and 18", overdue)
	}
	if done, _ := fin.TasksDone(); done != 7 {
		t.Errorf("final review: %d tasks done, want 7 (1, 2, 3, 4, 13, 14, 18)", done)
	}
	// The target path ends at the target.
	k3 := kpiByCode(t, fin, "KPI3_HITECH_AGRI_SHARE")
	if last := k3.TargetPath[len(k3.TargetPath)-1]; !last.OK || last.V != k3.TargetLow.V {
		t.Errorf("KPI3 target path ends at %+v; target %v", last, k3.TargetLow)
	}
	if first := k3.TargetPath[0]; first != k3.Actual[0] {
		t.Errorf("KPI3 target path starts at %+v; 2020 value %+v", first, k3.Actual[0])
	}
}

func TestVN(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{46.35, "46,35"}, {55, "55"}, {4.778, "4,78"}, {810000, "810.000"}, {1234567.5, "1.234.567,5"},
		{-1, "-1"}, {-0.001, "0"}, {0.5, "0,5"}, {100, "100"}, {1000, "1.000"},
	}
	for _, tt := range tests {
		if got := report.VN(tt.in); got != tt.want {
			t.Errorf("VN(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestXLSX(t *testing.T) {
	w := fixture(t)
	r := gather(t, w, "final-2025")
	var buf bytes.Buffer
	if err := r.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	want := []string{"Tổng hợp"}
	for i := range r.KPIs {
		want = append(want, report.SheetName(&r.KPIs[i]))
	}
	want = append(want, "Nhiệm vụ", "Nguồn số liệu")
	if strings.Join(sheets, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", sheets, want)
	}

	// Summary: the sample warning, headings in Vietnamese over English, and
	// each KPI's latest value in Vietnamese number format.
	rows, err := f.GetRows("Tổng hợp")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(flatten(rows), "\n")
	if !strings.Contains(all, "SAMPLE DATA") || !strings.Contains(all, "DỮ LIỆU MẪU") {
		t.Error("summary does not say SAMPLE DATA")
	}
	head := -1
	for i, row := range rows {
		if len(row) > 1 && row[0] == "TT" && row[1] == "Chỉ tiêu" {
			head = i
		}
	}
	if head < 0 || rows[head+1][1] != "Indicator" {
		t.Fatalf("no Vietnamese/English heading rows in the summary:\n%q", rows)
	}
	panes, err := f.GetPanes("Tổng hợp")
	if err != nil || !panes.Freeze || panes.YSplit != head+2 {
		t.Errorf("summary panes %+v (%v); want frozen below row %d", panes, err, head+2)
	}
	if rows[head][3] != "Số liệu" {
		t.Fatalf("summary heading %q: want the figure column (Số liệu) after the unit", rows[head])
	}
	col := map[string]int{}
	for j, h := range rows[head] {
		col[h] = j
	}
	// Each KPI's rows: the value of each year, and for an average target
	// (KPI 1, KPI 2) the average to date as well, each labelled; every
	// figure is a number cell holding the warehouse's value.
	raw := func(r0, c int) (string, excelize.CellType) {
		cell, _ := excelize.CoordinatesToCellName(c+1, r0+1)
		v, _ := f.GetCellValue("Tổng hợp", cell, excelize.Options{RawCellValue: true})
		typ, _ := f.GetCellType("Tổng hợp", cell)
		return v, typ
	}
	for i := range r.KPIs {
		k := &r.KPIs[i]
		at := -1
		for j := head + 2; j < len(rows); j++ {
			if len(rows[j]) > 0 && rows[j][0] == k.Label {
				at = j
				break
			}
		}
		if at < 0 {
			t.Errorf("KPI %s has no row in the summary", k.Label)
			continue
		}
		figs := map[string]string{"year_value": "Giá trị năm"}
		if k.Average() {
			figs["actual"] = "Bình quân từ 2021"
		}
		for column, label := range figs {
			fr := -1
			for j := at; j < at+2 && j < len(rows); j++ {
				if j > at && len(rows[j]) > 0 && rows[j][0] != "" {
					break // the next KPI
				}
				if len(rows[j]) > 3 && strings.HasPrefix(rows[j][3], label) {
					fr = j
				}
			}
			if fr < 0 {
				t.Errorf("KPI %s: no %q row", k.Label, label)
				continue
			}
			for _, y := range []int{2020, 2024} {
				var want sql.NullFloat64
				if err := w.DB().QueryRow(`SELECT `+column+` FROM kpi_status_as_of(CAST(? AS TIMESTAMP)) WHERE kpi_code = ? AND year = ?`,
					r.Review.AsOf, k.Code, y).Scan(&want); err != nil {
					t.Fatal(err)
				}
				got, typ := raw(fr, col[strconv.Itoa(y)])
				if !want.Valid {
					if got != "" {
						t.Errorf("KPI %s %s %d: %q, want empty", k.Label, label, y, got)
					}
					continue
				}
				g, err := strconv.ParseFloat(got, 64)
				if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset || err != nil || math.Abs(g-want.Float64) > 1e-9 {
					t.Errorf("KPI %s %s %d: %q (type %v), want the number %v", k.Label, label, y, got, typ, want.Float64)
				}
			}
		}
		if m := rows[at][col["Phương pháp"]]; !strings.HasPrefix(m, report.MethodVI(k.Method)) || strings.HasPrefix(m, k.Method) {
			t.Errorf("KPI %s method %q: want the Vietnamese label first", k.Label, m)
		}
	}
	// KPI 1's 2020 value (45 in the sample report) is shown, not blank.
	k1 := kpiByCode(t, r, "KPI1_TFP_SHARE")
	if v := k1.YearValue[0]; !v.OK || v.V != 45 {
		t.Errorf("KPI 1's 2020 value %+v, want 45", v)
	}
	// Printed, the headings repeat on every page.
	for _, s := range []string{"Tổng hợp", "Nhiệm vụ", "Nguồn số liệu", report.SheetName(k1)} {
		found := false
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm.Print_Titles" && dn.Scope == s {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no print titles", s)
		}
	}
	if wdt, _ := f.GetColWidth("Tổng hợp", "B"); wdt < 30 {
		t.Errorf("indicator column %v wide; the names do not fit", wdt)
	}

	// Each KPI sheet: numbers as numbers, frozen headings, and a line chart.
	charts := chartsBySheet(t, buf.Bytes())
	for i := range r.KPIs {
		k := &r.KPIs[i]
		s := report.SheetName(k)
		if c := charts[s]; len(c) != 1 || !lineChart.MatchString(c[0]) || len(chartSeries.FindAllString(c[0], -1)) != 2 {
			t.Errorf("%s: want one line chart with two series (actual, target path), got %d charts", s, len(c))
		}
		if p, _ := f.GetPanes(s); !p.Freeze {
			t.Errorf("%s: heading not frozen", s)
		}
		rows, _ := f.GetRows(s)
		for _, row := range rows {
			if len(row) > 1 && row[0] == "2024" {
				cell := ""
				for j, rr := range rows {
					if len(rr) > 0 && rr[0] == "2024" {
						cell = "B" + itoa(j+1)
					}
				}
				typ, _ := f.GetCellType(s, cell)
				raw, _ := f.GetCellValue(s, cell, excelize.Options{RawCellValue: true})
				v := actualAsOf(t, w.DB(), r.Review.AsOf, k.Code, 2024)
				got, err := strconv.ParseFloat(raw, 64)
				if v.Valid && (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset || err != nil || math.Abs(got-v.Float64) > 1e-9) {
					t.Errorf("%s %s: %q (type %v), want the number %v", s, cell, raw, typ, v.Float64)
				}
			}
		}
	}
	if len(charts) != len(r.KPIs) {
		t.Errorf("%d sheets have charts; want the %d KPI sheets", len(charts), len(r.KPIs))
	}

	tasks, _ := f.GetRows("Nhiệm vụ")
	var n int
	for _, row := range tasks {
		// a task row of the table: a number, a status (the overdue list
		// below has its status in column I)
		if len(row) > 6 && row[6] != "" && isInt(row[0]) {
			n++
		}
	}
	if n != 35 {
		t.Errorf("tasks sheet has %d task rows, want 35", n)
	}
	// Budgets are numbers: the total row's SUM adds them up (it was 0 when
	// they were text), and due dates are date cells.
	var budget float64
	if err := w.DB().QueryRow(`SELECT sum(budget_bn_vnd) FROM plan_tasks`).Scan(&budget); err != nil {
		t.Fatal(err)
	}
	total := ""
	for j, row := range tasks {
		if len(row) > 1 && strings.HasPrefix(row[1], "Tổng kinh phí") {
			total = "H" + itoa(j+1)
		}
	}
	if total == "" {
		t.Fatal("tasks sheet has no total budget row")
	}
	if formula, _ := f.GetCellFormula("Nhiệm vụ", total); !strings.HasPrefix(formula, "SUM(") {
		t.Errorf("total budget %s: formula %q", total, formula)
	}
	got, err := f.CalcCellValue("Nhiệm vụ", total, excelize.Options{RawCellValue: true})
	if g, perr := strconv.ParseFloat(got, 64); err != nil || perr != nil || math.Abs(g-budget) > 1e-6 {
		t.Errorf("SUM of the budget column = %q (%v), want %v", got, err, budget)
	}
	dated := 0
	for j, row := range tasks {
		if len(row) > 4 && row[4] != "" && j > 0 && strings.HasPrefix(row[6], "Chưa có báo cáo") {
			cell := "E" + itoa(j+1)
			v, _ := f.GetCellValue("Nhiệm vụ", cell, excelize.Options{RawCellValue: true})
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				t.Errorf("due date %s %q is not a date cell", cell, v)
			}
			dated++
		}
	}
	if dated == 0 {
		t.Error("no due dates in the tasks sheet")
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

var (
	lineChart   = regexp.MustCompile(`<(c:)?lineChart>`)
	chartSeries = regexp.MustCompile(`<(c:)?ser>`)
)

// chartsBySheet reads the workbook's package: worksheet → drawing →
// chart parts, and returns each sheet's chart XML by sheet name.
func chartsBySheet(t *testing.T, b []byte) map[string][]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer rc.Close()
				var buf bytes.Buffer
				buf.ReadFrom(rc)
				return buf.String()
			}
		}
		return ""
	}
	rels := func(part string) map[string]string { // rId → target part
		dir, base := path.Split(part)
		x := read(dir + "_rels/" + base + ".rels")
		out := map[string]string{}
		for _, m := range regexp.MustCompile(`<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"|<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"`).FindAllStringSubmatch(x, -1) {
			id, target := m[1], m[2]
			if id == "" {
				id, target = m[4], m[3]
			}
			if strings.HasPrefix(target, "/") {
				out[id] = strings.TrimPrefix(target, "/")
			} else {
				out[id] = path.Clean(dir + target)
			}
		}
		return out
	}
	wbRels := rels("xl/workbook.xml")
	out := map[string][]string{}
	for _, m := range regexp.MustCompile(`<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"`).FindAllStringSubmatch(read("xl/workbook.xml"), -1) {
		sheet := wbRels[m[2]]
		for id, target := range rels(sheet) {
			if !strings.Contains(target, "drawings/") || !strings.Contains(read(sheet), `r:id="`+id+`"`) {
				continue
			}
			for _, chart := range rels(target) {
				if strings.Contains(chart, "charts/") {
					out[m[1]] = append(out[m[1]], read(chart))
				}
			}
		}
	}
	return out
}

func TestHTML(t *testing.T) {
	w := fixture(t)
	for _, name := range []string{"midterm-2023", "final-2025"} {
		r := gather(t, w, name)
		var buf bytes.Buffer
		if err := r.WriteHTML(&buf); err != nil {
			t.Fatal(err)
		}
		h := buf.String()
		if n := strings.Count(h, `<svg class="chart"`); n != len(r.KPIs) {
			t.Errorf("%s: %d charts for %d KPIs", name, n, len(r.KPIs))
		}
		// Self-contained: nothing is fetched.
		for _, bad := range []string{"<script", "<link", " src=", "url(", "@import", "https://"} {
			if strings.Contains(h, bad) {
				t.Errorf("%s: the page contains %q; it must be self-contained", name, bad)
			}
		}
		if !strings.Contains(h, "SAMPLE DATA") || !strings.Contains(h, `name="viewport"`) || !strings.Contains(h, "@media print") {
			t.Errorf("%s: sample banner, viewport or print styles missing", name)
		}
		if strings.Count(h, "<tr><td class=\"c\">") != 35 {
			t.Errorf("%s: %d task rows", name, strings.Count(h, "<tr><td class=\"c\">"))
		}
	}
	r := gather(t, w, "midterm-2023")
	var buf bytes.Buffer
	r.WriteHTML(&buf)
	if !strings.Contains(buf.String(), "<th>2023</th>") || strings.Contains(buf.String(), "<th>2024</th>") {
		t.Error("the mid-term table must show 2020–2023 only")
	}
	if !strings.Contains(buf.String(), report.VN(midtermKPI5[3].(float64))) {
		t.Error("the mid-term report does not show KPI5 as reported in 2023")
	}

	// KPI 1 and KPI 2 show the value of each year and the average to date,
	// each labelled; KPI 1's 2020 value is there.
	r = gather(t, w, "final-2025")
	buf.Reset()
	r.WriteHTML(&buf)
	h := buf.String()
	k1 := kpiByCode(t, r, "KPI1_TFP_SHARE")
	table := h[strings.Index(h, "<tbody>"):strings.Index(h, "</tbody>")]
	for _, want := range []string{
		`<td class="fig">Giá trị năm<span class="en">value of the year</span></td>`,
		`<td class="fig">Bình quân từ 2021<span class="en">average 2021 to the year</span></td>`,
		`<td class="n">` + report.VN(k1.YearValue[0].V) + `</td>`,
		`<td class="n">` + report.VN(k1.YearValue[4].V) + `</td>`,
		`<td class="n">` + report.VN(k1.Actual[4].V) + `</td>`,
		`Tính toán: (1 + tốc độ tăng <span class="id">GRDP_CONST</span>) / (<span class="id">EMPLOYED</span> năm nay / <span class="id">EMPLOYED</span> năm trước) − 1`,
	} {
		if !strings.Contains(table, want) {
			t.Errorf("the KPI table lacks %s", want)
		}
	}
	if strings.Contains(h, "overflow-wrap: anywhere") {
		t.Error("cells wrap anywhere: identifiers break mid-word")
	}
}

func TestMarkdown(t *testing.T) {
	w := fixture(t)
	r := gather(t, w, "final-2025")
	var buf bytes.Buffer
	if err := r.WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{"# " + r.Review.TitleVI, "SAMPLE DATA", "| TT | Chỉ tiêu / Indicator |", "[^1]:", "[^3]:"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	k1 := kpiByCode(t, r, "KPI1_TFP_SHARE")
	if !strings.Contains(md, "| "+report.VNNum(k1.Latest)+" |") {
		t.Errorf("markdown lacks KPI1's latest value %s", report.VNNum(k1.Latest))
	}
	// KPI 1: the yearly values (2020's too) and the average to date, labelled.
	if !strings.Contains(md, "| 1 | "+k1.NameVI+" / "+k1.NameEN+" | % | Giá trị năm / value of the year | 45 |") ||
		!strings.Contains(md, "|  |  |  | Bình quân từ 2021 / average 2021 to the year |  | 38,5 |") {
		t.Errorf("markdown lacks KPI 1's labelled yearly values and average:\n%s", md)
	}
	// Every table row has as many cells as its heading.
	var cols int
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		if cols == 0 {
			cols = n
		} else if n != cols {
			t.Errorf("row has %d cells, heading %d: %s", n-1, cols-1, line)
		}
	}
}

// TestReportsSayTheEvidence: every report format says, beside each KPI's
// status, whether the value rests on official statistics, a published
// figure or sample data (kpi_status.evidence).
func TestReportsSayTheEvidence(t *testing.T) {
	w := fixture(t)
	r := gather(t, w, "final-2025")
	want := map[string]string{}
	for _, k := range r.KPIs {
		var ev sql.NullString
		if err := w.DB().QueryRow(`SELECT evidence FROM kpi_status_as_of(CAST(? AS TIMESTAMP)) WHERE kpi_code = ? AND year = ?`,
			r.Review.AsOf, k.Code, k.Year).Scan(&ev); err != nil && k.Year != 0 {
			t.Fatal(err)
		}
		if k.Year != 0 && k.Evidence != ev.String {
			t.Errorf("KPI %s: evidence %q, kpi_status says %q", k.Label, k.Evidence, ev.String)
		}
		want[k.Code] = k.Evidence
	}
	if want["KPI2_LABOUR_PROD_GROWTH"] != "published" || want["KPI3_HITECH_AGRI_SHARE"] != "sample" {
		t.Errorf("evidence by KPI %v: want KPI 2 published (NSO employment, published GRDP growth), KPI 3 sample", want)
	}
	var md, html bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"md": md.String(), "html": html.String()} {
		for _, label := range []string{report.EvidenceVI("published"), report.EvidenceVI("sample")} {
			if !strings.Contains(out, label) {
				t.Errorf("%s report lacks %q", name, label)
			}
		}
	}
}

func isInt(s string) bool { _, err := strconv.Atoi(s); return err == nil }
