package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"regexp"
)

// The HTML report is one self-contained file: styles inline, charts as
// inline SVG laid out in Go, no script and nothing fetched from the
// internet, so it opens offline, on a phone, and prints.
//
//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"date":       Date,
	"vn":         VNNum,
	"unit":       UnitVI,
	"targetVI":   TargetVI,
	"targetEN":   TargetEN,
	"statusVI":   StatusVI,
	"statusEN":   StatusEN,
	"evidenceVI": EvidenceVI,
	"evidenceEN": EvidenceEN,
	"chart":      func(r *Report, k KPI) Chart { return NewChart(&k, r.Years) },
	"reviewYears": func(r *Report) []int {
		return r.reviewYears()
	},
	"figures": func(r *Report, k KPI) []Figure { return r.Figures(&k) },
	"method":  methodHTML,
	"yearValues": func(r *Report, k KPI) []yearValue {
		var out []yearValue
		for i, y := range r.Years {
			if y <= r.Review.Year && k.YearValue[i].OK {
				out = append(out, yearValue{y, VN(k.YearValue[i].V)})
			}
		}
		return out
	},
	"tasksDone": func(r *Report) [2]int { d, due := r.TasksDone(); return [2]int{d, due} },
	"tasksNote": func(r *Report) [2]string { vi, en := r.TasksNote(); return [2]string{vi, en} },
	"plus":      func(d, v float64) float64 { return v + d },
	"minus":     func(d, v float64) float64 { return v - d },
	"half":      func(v float64) float64 { return v / 2 },
}).Parse(htmlSource))

type yearValue struct {
	Year  int
	Value string
}

// identifier matches the codes inside a method's text (GRDP_CONST,
// INTL_PUBLICATIONS, PATENT_APPS).
var identifier = regexp.MustCompile(`[A-Z][A-Z0-9_]{2,}`)

// methodHTML shows a method's Vietnamese label with the English text
// beneath. Codes are kept whole (white-space: nowrap): the cell wrapped
// anywhere, and "GRDP_CONST" broke into "GRDP_CON ST".
func methodHTML(method string) template.HTML {
	keep := func(s string) string {
		s = template.HTMLEscapeString(s)
		return identifier.ReplaceAllString(s, `<span class="id">$0</span>`)
	}
	return template.HTML(keep(MethodVI(method)) + `<span class="en">` + keep(method) + `</span>`)
}

// reviewYears are the years a review's table shows: 2020 to its year.
func (r *Report) reviewYears() []int {
	var out []int
	for _, y := range r.Years {
		if y <= r.Review.Year {
			out = append(out, y)
		}
	}
	return out
}

// WriteHTML writes the report as one self-contained HTML page.
func (r *Report) WriteHTML(w io.Writer) error {
	if err := htmlTemplate.Execute(w, r); err != nil {
		return fmt.Errorf("render HTML report: %w", err)
	}
	return nil
}
