package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAllRejectedIsNotSuccess loads a file whose every row is rejected: the
// run must say "0 loaded: all N rows rejected" with the commonest reasons,
// end partial (exit 1), never "nothing new", and say so again when the same
// file is loaded a second time (it is not "unchanged": nothing of it loaded).
// The rejected rows carry a reason code that groups them by kind.
func TestAllRejectedIsNotSuccess(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	file := filepath.Join(dir, "bad.csv")
	body := "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n" +
		"dataflow,X:DF(1.0),I,A,VN,RD,1800,1\n" +
		"dataflow,X:DF(1.0),I,A,VN,RD,1801,2\n" +
		"dataflow,X:DF(1.0),I,A,VN,RD2,2020,abc\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		code, out, errOut := chitieu(t, "", "load", "--db", db, file)
		if code != 1 || !strings.Contains(out, "partial") || !strings.Contains(out, "0 loaded: all 3 rows rejected") ||
			!strings.Contains(out, "2 × year_out_of_range") || !strings.Contains(out, "1 × not_a_number") ||
			strings.Contains(out, "nothing new") || strings.Contains(out, "unchanged ") {
			t.Fatalf("load %d: exit %d\n%s%s", i, code, out, errOut)
		}
		if !strings.Contains(errOut, "loaded nothing: every row rejected") {
			t.Errorf("load %d: the error does not say why the run is partial:\n%s", i, errOut)
		}
	}
	code, out, errOut := chitieu(t, "", "sql", "--db", db, "--format", "csv",
		"SELECT reason_code, count(*) AS n FROM rejected_rows GROUP BY ALL ORDER BY n DESC")
	if code != 0 || out != "reason_code,n\nyear_out_of_range,4\nnot_a_number,2\n" {
		t.Errorf("reason codes: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = chitieu(t, "", "runs", "--db", db, "--last", "1")
	if code != 0 || !strings.Contains(out, "partial") || !strings.Contains(out, "0 loaded: all 3 rows rejected (year_out_of_range 2") {
		t.Errorf("runs: exit %d\n%s", code, out)
	}
}
