package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hanoi-sti/chitieu/load/report"
)

func init() {
	commands["report"] = command{"write a review report (xlsx, html or md) as of the review date", reportCmd}
}

var reportFormats = []string{"xlsx", "html", "md"}

func reportCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("report", "--review NAME [flags]", `Writes the report for one of a plan's reviews, using the data as known at
the review's date (older vintages; later revisions are left out) and the
targets in force then. The reviews are data (the plan's reviews.tsv); Plan
185/KH-UBND foresees:

  midterm-2023   mid-term review: data as of 31/12/2023, years 2020–2023
  final-2025     final review: the data known now (the 2024 and 2025
                 figures are published in 2026), years 2020–2025

--plan says whose review when several plans have one of that name.

For each KPI: its values from the plan's baseline to the review year, the
target and the decision that set it, the value expected at its horizon, the
status and the method; the plan's tasks with their due dates, reported
status and budget, and which are overdue; and the data sources and their
vintages. Sample data is announced on every page.

Formats: xlsx (a summary sheet laid out as the review table, one sheet per
KPI with a line chart), html (one self-contained page with SVG charts, for a
phone or a printer), md (Markdown, for documents and wikis). The format
follows the --out file's extension unless --format says otherwise.

Examples:
  chitieu report --review midterm-2023 --out so-ket-2023.xlsx
  chitieu report --review final-2025 --format html --out tong-ket-2025.html
  chitieu report --review final-2025 --format md > tong-ket-2025.md`, e.stderr)
	db := dbFlag(fs)
	review := fs.String("review", "", "the review's name (Plan 185: midterm-2023 or final-2025)")
	planName := fs.String("plan", "", "the plan whose review it is: its id or number (default: the one plan with a review of that name)")
	format := fs.String("format", "", "xlsx, html or md (default: from --out, else md)")
	out := fs.String("out", "", "file to write (default: standard output, for html and md)")
	asOf := fs.String("as-of", "", "use the data as known at this date (YYYY-MM-DD, end of that day UTC) instead of the review's")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *review == "" {
		return usageError{"--review is required: a plan's review (Plan 185: midterm-2023 or final-2025; chitieu plan list shows each plan's reviews)"}
	}
	f := *format
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
		if f == "htm" {
			f = "html"
		}
		if f == "markdown" || f == "" {
			f = "md"
		}
	}
	if !slices.Contains(reportFormats, f) {
		return usageError{fmt.Sprintf("unknown format %q (want %s)", f, strings.Join(reportFormats, ", "))}
	}
	if f == "xlsx" && (*out == "" || *out == "-") {
		return usageError{"--format xlsx needs --out FILE"}
	}
	var opt report.Options
	if *asOf != "" {
		d, err := time.Parse(time.DateOnly, *asOf)
		if err != nil {
			return usageError{fmt.Sprintf("--as-of %q: want YYYY-MM-DD", *asOf)}
		}
		opt.AsOf = d.Add(24*time.Hour - time.Second)
	}

	bar := newProgress(e, *quiet)
	defer bar.Finish()
	bar.Start("reading the warehouse", 0)
	w, err := openForReading(ctx, e, *db)
	if err != nil {
		return err
	}
	defer w.Close()
	rv, err := report.LookupReview(ctx, w.DB(), *planName, *review, time.Now())
	if err != nil {
		return usageError{err.Error()}
	}
	r, err := report.Gather(ctx, w.DB(), w.Path(), rv, opt)
	if err != nil {
		return err
	}
	bar.Start("writing the "+f+" report", 0)
	render := map[string]func(io.Writer) error{"xlsx": r.WriteXLSX, "html": r.WriteHTML, "md": r.WriteMarkdown}[f]
	if *out == "" || *out == "-" {
		err = render(e.stdout)
		bar.Finish()
		return err
	}
	if err := writeFileAtomic(*out, render); err != nil {
		return err
	}
	bar.Finish()
	kpis := 0
	for _, k := range r.KPIs {
		if k.Year > 0 {
			kpis++
		}
	}
	sample := ""
	if r.Sample {
		sample = " — SAMPLE DATA, not official figures"
	}
	fmt.Fprintf(e.stdout, "wrote %s: %s, data as of %s; %d of %d KPI targets have data, %d tasks, %d sources%s\n",
		*out, rv.Name, r.Review.AsOf.Format("2006-01-02 15:04:05 MST"), kpis, len(r.KPIs), len(r.Tasks), len(r.Sources), sample)
	return nil
}

// writeFileAtomic writes a file through a temporary file in the same
// directory, so a failed render never leaves a truncated report behind, or
// replaces a good one.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
