package main

import (
	"strings"
	"testing"
)

// TestTasksCommand: 'chitieu tasks' lists the plan's tasks with the
// status the sample reports give (dated 2024-11-25), filtered by agency
// and to the overdue ones as of a date.
func TestTasksCommand(t *testing.T) {
	db := sampleDB(t)
	code, out, errOut := chitieu(t, "", "tasks", "--db", db, "--as-of", "2025-12-31", "--format", "csv")
	if code != 0 || strings.Count(out, "\n") != 36 {
		t.Fatalf("tasks: exit %d, want a header and 35 tasks\n%s%s", code, out, errOut)
	}
	code, out, errOut = chitieu(t, "", "tasks", "--db", db, "--agency", "skhdt", "--as-of", "2025-12-31", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 ||
		!strings.HasPrefix(lines[1], "18,SKHDT,Quý I/2022,hoàn thành,2024-11-25,5678/QĐ-UBND,2022-09-20,4.9,4.9,4.5,91.8,false,") ||
		!strings.HasPrefix(lines[2], "19,SKHDT,Quý III/2021,đang triển khai,2024-11-25,,,200,120,45,22.5,true,") {
		t.Errorf("tasks --agency skhdt: exit %d\n%s%s", code, out, errOut)
	}
	// SKHCN's overdue tasks at the end of 2025: 5 and 6 are under way, 7
	// not started; 1 is done, and 2–4 were issued before the plan.
	code, out, errOut = chitieu(t, "", "tasks", "--db", db, "--agency", "SKHCN", "--overdue", "--as-of", "2025-12-31", "--format", "csv")
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		no, _, _ := strings.Cut(l, ",")
		got = append(got, no)
	}
	if code != 0 || strings.Join(got, " ") != "5 6 7" {
		t.Errorf("tasks --overdue --agency SKHCN: exit %d, tasks %v, want 5 6 7\n%s%s", code, got, out, errOut)
	}
	// Before the first report nothing was reported, and in mid-2021 no
	// task was due yet.
	code, out, _ = chitieu(t, "", "tasks", "--db", db, "--overdue", "--as-of", "2021-06-30", "--format", "csv")
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("tasks --overdue as of 2021-06-30: exit %d, want the header only\n%s", code, out)
	}
	if code, _, errOut = chitieu(t, "", "tasks", "--db", db, "--as-of", "31/12/2025"); code != 2 || !strings.Contains(errOut, "--as-of") {
		t.Errorf("tasks --as-of 31/12/2025: exit %d, want 2 (usage)\n%s", code, errOut)
	}
}
