package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract/excel"
)

// TestKPIAsOf reproduces a mid-term review after a revision: a report dated
// 25/11/2023 says KPI 5 was 44 % in 2022; the report of 25/11/2024 revises
// it to 46 %. 'kpi --as-of 2023-11-30' shows 44, plain 'kpi' shows 46.
func TestKPIAsOf(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	write := func(name string, date time.Time, periods []string, values ...any) string {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		err = excel.WriteReport(f, excel.Report{Agency: "Sở Khoa học và Công nghệ", AgencyCode: "SKHCN", Period: "Năm", Date: date,
			Periods: periods, Rows: []excel.ReportRow{{Code: "KPI5_INNOVATING_ENT_SHARE", Unit: "%", Values: values}}})
		if err != nil {
			t.Fatal(err)
		}
		return f.Name()
	}
	first := write("bao-cao-2023.xlsx", time.Date(2023, 11, 25, 0, 0, 0, 0, time.UTC), []string{"2020", "2022"}, 38.0, 44.0)
	revised := write("bao-cao-2024.xlsx", time.Date(2024, 11, 25, 0, 0, 0, 0, time.UTC), []string{"2022", "2023"}, 46.0, 47.0)
	for _, f := range []string{first, revised} {
		if code, out, errOut := chitieu(t, "", "load", "--db", db, f); code != 0 {
			t.Fatalf("load %s: exit %d\n%s%s", f, code, out, errOut)
		}
	}

	kpi5 := func(args ...string) string {
		t.Helper()
		code, out, errOut := chitieu(t, "", append([]string{"kpi", "--db", db, "--format", "csv", "--year", "2022"}, args...)...)
		if code != 0 {
			t.Fatalf("kpi %v: exit %d: %s", args, code, errOut)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "KPI5_INNOVATING_ENT_SHARE") {
				return line
			}
		}
		t.Fatalf("kpi %v: no KPI5 row:\n%s", args, out)
		return ""
	}
	// columns: kpi,kpi_code,year,actual,…
	if got := strings.Split(kpi5("--as-of", "2023-11-30"), ","); got[3] != "44" || !strings.Contains(strings.Join(got, ","), "2023-11-25") {
		t.Errorf("kpi --as-of 2023-11-30: %v, want actual 44 from the 2023-11-25 vintage", got)
	}
	if got := strings.Split(kpi5(), ","); got[3] != "46" {
		t.Errorf("kpi: %v, want actual 46 (the revision)", got)
	}
	// A time before the first report: nothing known yet.
	if got := strings.Split(kpi5("--as-of", "2023-11-24T23:00:00+07:00"), ","); got[3] != "" || !strings.Contains(strings.Join(got, ","), "no_data") {
		t.Errorf("kpi --as-of before the first report: %v, want no_data", got)
	}
	code, _, errOut := chitieu(t, "", "kpi", "--db", db, "--as-of", "30/11/2023")
	if code != 2 || !strings.Contains(errOut, "want a date YYYY-MM-DD") {
		t.Errorf("kpi --as-of 30/11/2023: exit %d %q, want a usage error", code, errOut)
	}
}

// TestKPIValuesThatUsedToCrash: a reported KPI 1 of −150 % in a recession
// year (inside its plausible range) and KPI 2 values of 5 then −40 % made
// kpi_status fail with "cannot take logarithm of a negative number", and
// 'kpi' and 'report' exit 1 for every KPI. They now load, are judged, and
// every output works.
func TestKPIValuesThatUsedToCrash(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	f, err := os.Create(filepath.Join(dir, "bao-cao-skhdt.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	err = excel.WriteReport(f, excel.Report{Agency: "Sở Kế hoạch và Đầu tư", AgencyCode: "SKHDT", Period: "Năm",
		Date: time.Date(2024, 11, 25, 0, 0, 0, 0, time.UTC), Periods: []string{"2021", "2022", "2023"},
		Rows: []excel.ReportRow{
			{Code: "KPI1_TFP_SHARE", Unit: "%", Values: []any{40.0, -150.0, 55.0}},
			{Code: "KPI2_LABOUR_PROD_GROWTH", Unit: "%", Values: []any{5.0, -40.0, nil}},
		}})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := chitieu(t, "", "load", "--db", db, f.Name()); code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	for _, format := range []string{"table", "csv", "json", "md"} {
		code, out, errOut := chitieu(t, "", "kpi", "--db", db, "--all", "--format", format)
		if code != 0 || !strings.Contains(out, "KPI2_LABOUR_PROD_GROWTH") {
			t.Errorf("kpi --all --format %s: exit %d\n%s%s", format, code, out, errOut)
		}
	}
	// KPI 2 in 2022: √(1.05·0.60) − 1 = −20.63 %, far below 7 → off_track.
	code, out, _ := chitieu(t, "", "kpi", "--db", db, "--year", "2022", "--format", "csv")
	if code != 0 || !strings.Contains(out, "KPI2_LABOUR_PROD_GROWTH,2022,-20.63,%") || !strings.Contains(out, "off_track") {
		t.Errorf("kpi --year 2022: exit %d\n%s", code, out)
	}
	for _, format := range []string{"xlsx", "html", "md"} {
		out := filepath.Join(dir, "tong-ket."+format)
		if code, stdout, errOut := chitieu(t, "", "report", "--db", db, "--review", "final-2025", "--out", out); code != 0 {
			t.Errorf("report --format %s: exit %d\n%s%s", format, code, stdout, errOut)
		}
	}
}
