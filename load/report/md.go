package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the report as Markdown for pasting into documents
// and wikis: the KPI table, the tasks, and the sources as footnotes.
func (r *Report) WriteMarkdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	cell := strings.NewReplacer("|", `\|`, "\n", " ")
	row := func(cells ...string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + cell.Replace(c) + " |")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "# %s\n\n*%s*\n\n", r.Review.TitleVI, r.Review.TitleEN)
	fmt.Fprintf(b, "Số liệu tính đến / data as of **%s** · lập ngày / generated %s · %s\n\n",
		Date(r.Review.AsOf), Date(r.Generated), r.PlanLine())
	if r.Sample {
		b.WriteString("> **DỮ LIỆU MẪU — KHÔNG PHẢI SỐ LIỆU CHÍNH THỨC / SAMPLE DATA — NOT OFFICIAL FIGURES**\n\n")
	}

	b.WriteString("## I. Kết quả thực hiện các chỉ tiêu / Results against the plan's KPIs\n\n")
	years := r.reviewYears()
	head := []string{"TT", "Chỉ tiêu / Indicator", "Đơn vị", "Số liệu / Figure"}
	for _, y := range years {
		head = append(head, fmt.Sprint(y))
	}
	head = append(head, fmt.Sprintf("Mục tiêu %d / Target", r.Review.LastYear), fmt.Sprintf("Dự kiến %d / Expected", r.Review.LastYear),
		"Đánh giá / Status", "Phương pháp / Method")
	row(head...)
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = "---"
		if i >= 4 && i < 4+len(years)+2 && i != 4+len(years) {
			sep[i] = "---:"
		}
	}
	row(sep...)
	for i := range r.KPIs {
		k := &r.KPIs[i]
		status := StatusVI(k.Status) + " / " + StatusEN(k.Status)
		if k.Year > 0 {
			status += fmt.Sprintf(" (%d)", k.Year)
		}
		if k.Evidence != "" {
			status += "; " + EvidenceVI(k.Evidence) + " / " + EvidenceEN(k.Evidence)
		}
		for fi, fig := range r.Figures(k) {
			// A second line of figures (an average target's average to
			// date) leaves the KPI's other cells empty.
			cells := []string{"", "", "", fig.LabelVI + " / " + fig.LabelEN}
			if fi == 0 {
				cells = []string{k.Label, k.NameVI + " / " + k.NameEN, k.Unit, fig.LabelVI + " / " + fig.LabelEN}
			}
			for _, v := range fig.Values {
				cells = append(cells, VNNum(v))
			}
			if fi == 0 {
				cells = append(cells, TargetVI(k)+" / "+TargetEN(k), VNNum(k.Expected2025), status, MethodVI(k.Method)+" ("+k.Method+")")
			} else {
				cells = append(cells, "", "", "", "")
			}
			row(cells...)
		}
	}
	note := "Số liệu nguồn / sources:"
	for i := range r.Sources {
		note += fmt.Sprintf(" [^%d]", i+1)
	}
	if len(r.Sources) == 0 {
		note = fmt.Sprintf("Chưa có nguồn nào công bố số liệu trước %s. / No source had published a value by then.", Date(r.Review.AsOf))
	}
	fmt.Fprintf(b, "\n%s\n\n", note)

	done, due := r.TasksDone()
	vi, en := r.TasksNote()
	fmt.Fprintf(b, "## II. Các chương trình, đề án, nhiệm vụ / The plan's %d programmes and projects\n\n", len(r.Tasks))
	fmt.Fprintf(b, "Đã hoàn thành / known done: **%d** · đến hạn trước %s / due by the review: **%d** · quá hạn / overdue: **%d**. %s / %s\n\n",
		done, Date(r.Review.AsOf), due, len(r.OverdueTasks()), vi, en)
	row("TT", "Nhiệm vụ / Task", "Chủ trì / Lead", "Thời hạn / Due", "Đến hạn / Due by review", "Tình trạng / Status",
		"Báo cáo, văn bản / Reported, document", "Giải ngân / Disbursed (tỷ đồng)")
	row("---:", "---", "---", "---", "---", "---", "---", "---:")
	for _, t := range r.Tasks {
		dueBy := "Chưa / not yet"
		if t.DueByReview {
			dueBy = "Có / yes"
		}
		row(fmt.Sprint(t.No), t.NameVI, t.LeadNameVI, t.DueText, dueBy, t.DoneVI+" / "+t.DoneEN, t.ReportedText(), t.DisbursedText())
	}
	if overdue := r.OverdueTasks(); len(overdue) > 0 {
		fmt.Fprintf(b, "\n### Nhiệm vụ quá hạn / Overdue tasks (%d)\n\n", len(overdue))
		for _, t := range overdue {
			fmt.Fprintf(b, "- %d. %s — %s, hạn / due %s: %s / %s\n", t.No, t.NameVI, t.Lead, t.DueText, t.DoneVI, t.DoneEN)
		}
	}
	b.WriteString("\n")
	for i, s := range r.Sources {
		sample := ""
		if s.Sample {
			sample = "**[DỮ LIỆU MẪU / SAMPLE DATA]** "
		}
		pub := ""
		if s.Publisher != "" {
			pub = s.Publisher + ": "
		}
		fmt.Fprintf(b, "[^%d]: %s%s`%s`, công bố / vintage %s, đọc / fetched %s, %d giá trị / values.\n",
			i+1, sample, pub, s.URI, Date(s.Vintage), Date(s.Fetched), s.ValuesUsed)
	}
	return b.Flush()
}
