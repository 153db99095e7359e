package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hanoi-sti/chitieu/schedules"
	"github.com/hanoi-sti/chitieu/transform/plan"
)

func init() {
	commands["submissions"] = command{"list which agencies have reported for a period: on time, late or missing", submissionsCmd}
}

func submissionsCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("submissions", "--period PERIOD [flags]", `Reads the "Thông tin" sheet of every agency report workbook (.xlsx) in the
inbox folder, matches it to an agency (Mã đơn vị, else Đơn vị báo cáo) and a
period (Kỳ báo cáo), and lists for PERIOD which agencies have reported on time,
late, or not at all. Six-month reports (PERIOD 2023-H1) are due before 10 June,
annual reports (PERIOD 2023) before 30 November; a report is on time when its
Ngày báo cáo is before the deadline day (Hà Nội time). The agencies expected
are the lead agencies of the plan's KPI targets. Files that cannot be read or
matched are listed with the reason. The tasks column checks each report's task
sheet (Nhiệm vụ): how many of the tasks the agency leads it gives a status for,
which are missing, and any it reports that another agency leads.`, e.stderr)
	inbox := fs.String("inbox", "inbox", "folder the agencies' report workbooks are dropped into (searched recursively)")
	periodArg := fs.String("period", "", "reporting period: YYYY-H1 (six-month) or YYYY (annual)")
	asOf := fs.String("as-of", "", "judge missing reports as of this date (YYYY-MM-DD; default today)")
	format := fs.String("format", "table", "output format: table or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *periodArg == "" {
		return usageError{"--period is required (e.g. --period 2023-H1 or --period 2023)"}
	}
	if *format != "table" && *format != "json" {
		return usageError{fmt.Sprintf("unknown format %q (want table or json)", *format)}
	}
	p, err := schedules.ParsePeriod(*periodArg)
	if err != nil {
		return usageError{err.Error()}
	}
	loc, err := time.LoadLocation(schedules.DefaultTimeZone)
	if err != nil {
		return err
	}
	now := time.Now()
	if *asOf != "" {
		if now, err = time.ParseInLocation("2006-01-02", *asOf, loc); err != nil {
			return usageError{fmt.Sprintf("--as-of %q: want YYYY-MM-DD", *asOf)}
		}
		now = now.Add(24*time.Hour - time.Nanosecond) // the end of that day
	}
	ref, err := plan.Load()
	if err != nil {
		return err
	}
	subs, err := schedules.ScanInbox(ctx, *inbox)
	if err != nil {
		return err
	}
	rep := schedules.CheckSubmissions(subs, ref.Agencies, schedules.ExpectedAgencies(ref), p, now, loc)
	rep.CheckTasks(ref.Tasks)
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(rep)
	}
	counts := map[string]int{}
	var rows [][]string
	for _, a := range rep.Agencies {
		counts[a.Status]++
		date, received, files := "—", "—", ""
		if !a.ReportDate.IsZero() {
			date, received = a.ReportDate.Format("02/01/2006"), a.Received.In(loc).Format("2006-01-02 15:04")
		}
		if a.Files > 1 {
			files = fmt.Sprintf(" (+%d revisions)", a.Files-1)
		}
		name := a.Name
		if !a.Expected {
			name += " (not a lead agency)"
		}
		rows = append(rows, []string{a.Code, name, a.Status, date, received, a.TaskSheetText(), a.File + files})
	}
	fmt.Fprintf(e.stdout, "period %s: reports due before %s (%s); %d on time, %d late, %d missing, %d not yet due\n",
		p, rep.Deadline.Format("02/01/2006"), loc, counts[schedules.OnTime], counts[schedules.Late], counts[schedules.Missing], counts[schedules.Pending])
	writeTable(e.stdout, []string{"agency", "name", "status", "report date", "received", "tasks", "file"}, rows)
	for _, s := range rep.Problems {
		fmt.Fprintf(e.stdout, "cannot use %s: %v\n", s.File, s.Err)
	}
	return nil
}
