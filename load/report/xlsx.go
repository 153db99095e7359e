package report

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The workbook is laid out as the review tables officials sign: a summary
// sheet with Vietnamese headings and English beneath, and one sheet per KPI
// with its numbers and a native Excel line chart of actual against the
// target path.
//
// Numbers and dates are number and date cells, never text: a budget column
// stored as text ("4,9") summed to 0. Their formats (numFmtValue,
// numFmtDate) are written in Excel's notation, and Excel shows the
// separators of the reader's locale: 46,35 and 31/12/2023 on a
// Vietnamese-language office PC, 46.35 on an English one. The headings of
// every sheet repeat on each printed page (print titles).

// Number formats: one or two decimals (38,5; 42,85; 4,9; 200,0), whole
// numbers for ranks and counts, and day/month/year dates.
const (
	numFmtValue = "#,##0.0#"
	numFmtWhole = "#,##0"
	numFmtDate  = "dd/mm/yyyy"
)

const (
	sheetSummary = "Tổng hợp"
	sheetTasks   = "Nhiệm vụ"
	sheetSources = "Nguồn số liệu"
)

// SheetName is the name of a KPI's sheet: "KPI 1" … "KPI 7B".
func SheetName(k *KPI) string { return "KPI " + k.Label }

type xlsxWriter struct {
	f      *excelize.File
	widths map[string]map[int]int // sheet → column → widest text in runes
	// wrapped text by sheet, row and column, to size rows once the column
	// widths are known: LibreOffice does not grow a row for wrapped text
	// written by another program, and Excel only on editing.
	wrapped map[string]map[int]map[int]string
	styles  map[string]int
	err     error
}

// WriteXLSX writes the report as an Excel workbook.
func (r *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, widths: map[string]map[int]int{}, wrapped: map[string]map[int]map[int]string{}, styles: map[string]int{}}
	x.makeStyles()
	x.summary(r)
	for i := range r.KPIs {
		x.kpiSheet(r, &r.KPIs[i])
	}
	x.tasks(r)
	x.sources(r)
	if x.err != nil {
		return fmt.Errorf("write xlsx report: %w", x.err)
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: r.Review.TitleVI, Subject: r.Review.TitleEN,
		Creator: "chitieu", Description: r.PlanLine() + "; số liệu tính đến " + Date(r.Review.AsOf)}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx report: %w", err)
	}
	return nil
}

func (x *xlsxWriter) check(err error) {
	if err != nil && x.err == nil {
		x.err = err
	}
}

func (x *xlsxWriter) makeStyles() {
	border := []excelize.Border{{Type: "left", Color: "9AA4AE", Style: 1}, {Type: "right", Color: "9AA4AE", Style: 1},
		{Type: "top", Color: "9AA4AE", Style: 1}, {Type: "bottom", Color: "9AA4AE", Style: 1}}
	numFmt, wholeFmt, dateFmt := numFmtValue, numFmtWhole, numFmtDate
	defs := map[string]*excelize.Style{
		"title":  {Font: &excelize.Font{Bold: true, Size: 14}},
		"en":     {Font: &excelize.Font{Italic: true, Color: "5B6570"}},
		"meta":   {Font: &excelize.Font{Color: "5B6570"}},
		"sample": {Font: &excelize.Font{Bold: true, Size: 13, Color: "B3261E"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF4E5"}}, Alignment: &excelize.Alignment{Horizontal: "center"}},
		"headVI": {Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8ECF0"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Border: border[:3]},
		"headEN": {Font: &excelize.Font{Italic: true, Color: "5B6570", Size: 9}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8ECF0"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Border: []excelize.Border{border[0], border[1], border[3]}},
		"text":   {Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: border},
		"center": {Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, Border: border},
		"num":    {Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top"}, Border: border, CustomNumFmt: &numFmt},
		"whole":  {Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top"}, Border: border, CustomNumFmt: &wholeFmt},
		"date":   {Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, Border: border, CustomNumFmt: &dateFmt},
		"total":  {Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top"}, Border: border, CustomNumFmt: &numFmt},
		"note":   {Font: &excelize.Font{Size: 9, Color: "5B6570"}},
		"notes":  {Font: &excelize.Font{Size: 9, Bold: true, Color: "B3261E"}},
	}
	for name, s := range defs {
		id, err := x.f.NewStyle(s)
		x.check(err)
		x.styles[name] = id
	}
}

// set writes v to (col, row), 1-based, with a style, and remembers the
// text's width so the column can be sized to fit.
func (x *xlsxWriter) set(sheet string, col, row int, v any, style string) {
	cell, err := excelize.CoordinatesToCellName(col, row)
	x.check(err)
	x.check(x.f.SetCellValue(sheet, cell, v))
	if style != "" {
		x.check(x.f.SetCellStyle(sheet, cell, cell, x.styles[style]))
	}
	if style == "title" || style == "sample" || style == "meta" || style == "note" || style == "notes" || style == "en" {
		return // spans the sheet; does not size its column
	}
	if style == "text" || style == "headVI" || style == "headEN" {
		if x.wrapped[sheet] == nil {
			x.wrapped[sheet] = map[int]map[int]string{}
		}
		if x.wrapped[sheet][row] == nil {
			x.wrapped[sheet][row] = map[int]string{}
		}
		x.wrapped[sheet][row][col] = fmt.Sprint(v)
	}
	w := 0
	for _, line := range strings.Split(fmt.Sprint(v), "\n") {
		w = max(w, utf8.RuneCountInString(line))
	}
	switch v := v.(type) {
	case float64:
		w = len(VN(v)) + 2
	case time.Time:
		w = 10
	}
	if x.widths[sheet] == nil {
		x.widths[sheet] = map[int]int{}
	}
	x.widths[sheet][col] = max(x.widths[sheet][col], w)
}

// fit sets each column's width to its widest cell, within limits, and
// each row's height to the lines its wrapped text takes at those widths.
// Printed, each sheet is one page wide.
func (x *xlsxWriter) fit(sheet string, maxWidth map[int]int) {
	widths := map[int]int{}
	for col, w := range x.widths[sheet] {
		limit := 40
		if m, ok := maxWidth[col]; ok {
			limit = m
		}
		widths[col] = min(max(w+2, 6), limit)
		name, err := excelize.ColumnNumberToName(col)
		x.check(err)
		x.check(x.f.SetColWidth(sheet, name, name, float64(widths[col])))
	}
	for row, cells := range x.wrapped[sheet] {
		lines := 1
		for col, text := range cells {
			n := 0
			for _, l := range strings.Split(text, "\n") {
				n += max(1, (utf8.RuneCountInString(l)+widths[col]-3)/max(widths[col]-2, 1))
			}
			lines = max(lines, n)
		}
		x.check(x.f.SetRowHeight(sheet, row, float64(lines)*14.5+2))
	}
	x.check(x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
	x.check(x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}))
}

// header writes a two-row heading, Vietnamese above English, and freezes
// the rows above the data.
func (x *xlsxWriter) header(sheet string, row int, heads [][2]string) {
	for i, h := range heads {
		x.set(sheet, i+1, row, h[0], "headVI")
		x.set(sheet, i+1, row+1, h[1], "headEN")
	}
	x.check(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row + 1,
		TopLeftCell: fmt.Sprintf("A%d", row+2), ActivePane: "bottomLeft"}))
	// Printed, the two heading rows repeat on every page.
	x.check(x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, row, row+1)}))
}

// value writes a number cell, or an empty one for a missing value, in the
// KPI's format: whole numbers for ranks.
func (x *xlsxWriter) value(sheet string, col, row int, n Num, k *KPI) {
	style := "num"
	if k.Comparator == "rank_le" {
		style = "whole"
	}
	if !n.OK {
		x.set(sheet, col, row, nil, style)
		return
	}
	x.set(sheet, col, row, n.V, style)
}

// date writes a date cell, or an empty one for a zero time.
func (x *xlsxWriter) date(sheet string, col, row int, t time.Time) {
	if t.IsZero() {
		x.set(sheet, col, row, nil, "date")
		return
	}
	x.set(sheet, col, row, t, "date")
}

// banner writes the title block every sheet starts with; it returns the
// next free row.
func (x *xlsxWriter) banner(sheet string, r *Report, vi, en string, cols int) int {
	x.set(sheet, 1, 1, vi, "title")
	x.set(sheet, 1, 2, en, "en")
	x.set(sheet, 1, 3, fmt.Sprintf("Số liệu tính đến / data as of %s · %s · %s",
		Date(r.Review.AsOf), r.Review.TitleEN, r.PlanLine()), "meta")
	if r.Sample {
		x.set(sheet, 1, 4, "DỮ LIỆU MẪU — KHÔNG PHẢI SỐ LIỆU CHÍNH THỨC / SAMPLE DATA — NOT OFFICIAL FIGURES", "sample")
		last, err := excelize.ColumnNumberToName(cols)
		x.check(err)
		x.check(x.f.MergeCell(sheet, "A4", last+"4"))
		return 6
	}
	return 5
}

func (x *xlsxWriter) summary(r *Report) {
	s := sheetSummary
	x.check(x.f.SetSheetName("Sheet1", s))
	years := r.reviewYears()
	row := x.banner(s, r, r.Review.TitleVI, r.Review.TitleEN, 4+len(years)+4)
	heads := [][2]string{{"TT", "No."}, {"Chỉ tiêu", "Indicator"}, {"Đơn vị", "Unit"}, {"Số liệu", "Figure"}}
	for _, y := range years {
		heads = append(heads, [2]string{fmt.Sprint(y), ""})
	}
	heads = append(heads, [2]string{fmt.Sprintf("Mục tiêu %d", r.Review.LastYear), "Target"},
		[2]string{fmt.Sprintf("Dự kiến %d", r.Review.LastYear), fmt.Sprintf("Expected %d", r.Review.LastYear)},
		[2]string{"Đánh giá", "Status"}, [2]string{"Phương pháp", "Method"})
	x.header(s, row, heads)
	row += 2
	after := 4 + len(years) // the last column before the target
	for i := range r.KPIs {
		k := &r.KPIs[i]
		figs := r.Figures(k)
		for fi, fig := range figs {
			if fi == 0 {
				x.set(s, 1, row, k.Label, "center")
				x.set(s, 2, row, k.NameVI+"\n"+k.NameEN, "text")
				x.set(s, 3, row, k.Unit, "center")
			}
			x.set(s, 4, row+fi, fig.LabelVI+"\n"+fig.LabelEN, "text")
			for j, v := range fig.Values {
				x.value(s, 5+j, row+fi, v, k)
			}
		}
		x.set(s, after+1, row, TargetVI(k)+"\n"+TargetEN(k), "text")
		x.value(s, after+2, row, k.Expected2025, k)
		status := StatusVI(k.Status) + "\n" + StatusEN(k.Status)
		if k.Year > 0 {
			status += fmt.Sprintf(" (%d)", k.Year)
		}
		if k.Evidence != "" {
			status += "\n" + EvidenceVI(k.Evidence) + " / " + EvidenceEN(k.Evidence)
		}
		x.set(s, after+3, row, status, "text")
		x.set(s, after+4, row, MethodVI(k.Method)+"\n"+k.Method, "text")
		if len(figs) > 1 {
			// One KPI, two lines of figures: its other cells span both.
			for _, col := range []int{1, 2, 3, after + 1, after + 2, after + 3, after + 4} {
				top, err := excelize.CoordinatesToCellName(col, row)
				x.check(err)
				bottom, err := excelize.CoordinatesToCellName(col, row+len(figs)-1)
				x.check(err)
				x.check(x.f.MergeCell(s, top, bottom))
			}
		}
		row += len(figs)
	}
	row++
	done, due := r.TasksDone()
	overdue := len(r.OverdueTasks())
	x.set(s, 1, row, fmt.Sprintf("Nhiệm vụ (sheet %s): %d/%d đã hoàn thành, %d đến hạn trước %s, %d quá hạn / tasks: %d of %d known done, %d due by the review, %d overdue.",
		sheetTasks, done, len(r.Tasks), due, Date(r.Review.AsOf), overdue, done, len(r.Tasks), due, overdue), "note")
	row += 2
	x.sourceNotes(s, r, row)
	x.fit(s, map[int]int{2: 48, 4: 22, after + 1: 30, after + 3: 24, after + 4: 40})
}

func (x *xlsxWriter) sourceNotes(s string, r *Report, row int) {
	x.set(s, 1, row, "Nguồn số liệu / Sources and vintages:", "notes")
	row++
	if len(r.Sources) == 0 {
		x.set(s, 1, row, fmt.Sprintf("Chưa có nguồn nào công bố số liệu trước %s. / No source had published a value by then.", Date(r.Review.AsOf)), "note")
	}
	for i, src := range r.Sources {
		sample := ""
		if src.Sample {
			sample = "[DỮ LIỆU MẪU / SAMPLE DATA] "
		}
		x.set(s, 1, row+i, fmt.Sprintf("(%d) %s%s %s — công bố / vintage %s, đọc / fetched %s, %d giá trị / values",
			i+1, sample, src.Publisher, src.URI, Date(src.Vintage), Date(src.Fetched), src.ValuesUsed), "note")
	}
}

func (x *xlsxWriter) kpiSheet(r *Report, k *KPI) {
	s := SheetName(k)
	_, err := x.f.NewSheet(s)
	x.check(err)
	row := x.banner(s, r, fmt.Sprintf("KPI %s. %s", k.Label, k.NameVI), k.NameEN, 12)
	x.set(s, 1, row, fmt.Sprintf("Mục tiêu / target: %s (%s) · Đánh giá / status: %s (%s) · Dự kiến %d / expected: %s · %s",
		TargetVI(k), TargetEN(k), StatusVI(k.Status), StatusEN(k.Status), k.Horizon, VNNum(k.Expected2025), MethodVI(k.Method)), "note")
	row += 2
	heads := [][2]string{{"Năm", "Year"}, {"Thực hiện", "Actual"}, {"Lộ trình mục tiêu", "Target path"}}
	if k.Average() {
		heads[1] = [2]string{fmt.Sprintf("Bình quân từ %d", k.FirstYear), fmt.Sprintf("Average %d to the year", k.FirstYear)}
		heads = append(heads, [2]string{"Giá trị năm", "Value of the year"})
	}
	x.header(s, row, heads)
	first := row + 2
	for i, y := range r.Years {
		rr := first + i
		x.set(s, 1, rr, y, "center")
		shown := func(n Num) Num { // nothing after the review's year
			if y > r.Review.Year {
				return Num{}
			}
			return n
		}
		x.value(s, 2, rr, shown(k.Actual[i]), k)
		x.value(s, 3, rr, k.TargetPath[i], k)
		if k.Average() {
			x.value(s, 4, rr, shown(k.YearValue[i]), k)
		}
	}
	last := first + len(r.Years) - 1
	x.widths[s][2] = max(x.widths[s][2], 12)
	x.widths[s][3] = max(x.widths[s][3], 18)
	x.fit(s, nil)
	chartAt := "E"
	if k.Average() {
		chartAt = "F"
	}
	ref := func(col string) string { return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s, col, first, col, last) }
	unit := k.Unit
	if k.Comparator == "rank_le" {
		unit += " — 1 = cao nhất / best"
	}
	x.check(x.f.AddChart(s, fmt.Sprintf("%s%d", chartAt, row), &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{
			{Name: fmt.Sprintf("'%s'!$B$%d", s, row), Categories: ref("A"), Values: ref("B"),
				Line: excelize.LineOptions{Width: 2.5}, Marker: excelize.ChartMarker{Symbol: "circle", Size: 6}},
			{Name: fmt.Sprintf("'%s'!$C$%d", s, row), Categories: ref("A"), Values: ref("C"),
				Line: excelize.LineOptions{Width: 1.5, Dash: excelize.LineDashDash}, Marker: excelize.ChartMarker{Symbol: "none"}},
		},
		Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: fmt.Sprintf("KPI %s (%s)", k.Label, unit)}}},
		Legend:       excelize.ChartLegend{Position: "bottom"},
		Dimension:    excelize.ChartDimension{Width: 620, Height: 340},
		ShowBlanksAs: "gap",
		YAxis:        excelize.ChartAxis{MajorGridLines: true, ReverseOrder: k.Comparator == "rank_le"},
	}))
}

func (x *xlsxWriter) tasks(r *Report) {
	s := sheetTasks
	_, err := x.f.NewSheet(s)
	x.check(err)
	row := x.banner(s, r, "Các chương trình, đề án, nhiệm vụ của Kế hoạch", fmt.Sprintf("The plan's %d programmes and projects", len(r.Tasks)), 11)
	vi, en := r.TasksNote()
	x.set(s, 1, row, vi+" / "+en, "note")
	row += 2
	x.header(s, row, [][2]string{{"TT", "No."}, {"Nhiệm vụ", "Task"}, {"Cơ quan chủ trì", "Lead agency"}, {"Thời hạn", "Due"},
		{"Hạn cuối", "Due by"}, {"Đến hạn", "Due by review"}, {"Tình trạng", "Status"}, {"Kinh phí (tỷ đồng)", "Budget (bn VND)"},
		{"Báo cáo, văn bản", "Reported, document"}, {"Đã giải ngân (tỷ đồng)", "Disbursed (bn VND)"}, {"Quá hạn", "Overdue"}})
	row += 2
	for _, t := range r.Tasks {
		dueBy := "Chưa\nnot yet"
		if t.DueByReview {
			dueBy = "Có\nyes"
		}
		x.set(s, 1, row, t.No, "center")
		x.set(s, 2, row, t.NameVI, "text")
		x.set(s, 3, row, t.LeadNameVI+"\n"+t.LeadNameEN, "text")
		x.set(s, 4, row, t.DueText, "text")
		x.date(s, 5, row, t.DueEnd)
		x.set(s, 6, row, dueBy, "center")
		x.set(s, 7, row, t.DoneVI+"\n"+t.DoneEN, "text")
		x.num(s, 8, row, t.BudgetBnVND)
		x.set(s, 9, row, t.ReportedText(), "text")
		x.num(s, 10, row, t.Disbursed)
		if t.Overdue {
			x.set(s, 11, row, "Quá hạn\noverdue", "center")
		} else {
			x.set(s, 11, row, "", "center")
		}
		row++
	}
	if len(r.Tasks) > 0 {
		x.set(s, 2, row, "Tổng kinh phí / total budget", "text")
		for _, col := range []string{"H", "J"} {
			x.check(x.f.SetCellFormula(s, fmt.Sprintf("%s%d", col, row), fmt.Sprintf("SUM(%s%d:%s%d)", col, row-len(r.Tasks), col, row-1)))
			x.check(x.f.SetCellStyle(s, fmt.Sprintf("%s%d", col, row), fmt.Sprintf("%s%d", col, row), x.styles["total"]))
		}
	}
	if overdue := r.OverdueTasks(); len(overdue) > 0 {
		row += 2
		x.set(s, 1, row, fmt.Sprintf("Nhiệm vụ quá hạn / Overdue tasks (%d)", len(overdue)), "note")
		for _, t := range overdue {
			row++
			x.set(s, 1, row, t.No, "center")
			x.set(s, 2, row, t.NameVI, "text")
			x.set(s, 3, row, t.Lead, "text")
			x.set(s, 4, row, t.DueText, "text")
			x.set(s, 9, row, t.DoneVI+"\n"+t.DoneEN, "text")
		}
	}
	x.fit(s, map[int]int{2: 60, 3: 34, 7: 30, 9: 30})
}

// num writes a number cell, empty when the number is missing.
func (x *xlsxWriter) num(s string, col, row int, n Num) {
	if n.OK {
		x.set(s, col, row, n.V, "num")
	} else {
		x.set(s, col, row, nil, "num")
	}
}

func (x *xlsxWriter) sources(r *Report) {
	s := sheetSources
	_, err := x.f.NewSheet(s)
	x.check(err)
	row := x.banner(s, r, "Nguồn số liệu", "Data sources and vintages", 8)
	x.header(s, row, [][2]string{{"TT", "No."}, {"Nguồn", "Source"}, {"Cơ quan", "Publisher"}, {"Tệp / địa chỉ", "File or URL"},
		{"Ngày công bố", "Vintage"}, {"Ngày đọc", "Fetched"}, {"Số giá trị", "Values used"}, {"Dữ liệu mẫu", "Sample data"}})
	row += 2
	for i, src := range r.Sources {
		sample := "Không / no"
		if src.Sample {
			sample = "CÓ / YES"
		}
		x.set(s, 1, row, i+1, "center")
		x.set(s, 2, row, src.Name, "text")
		x.set(s, 3, row, src.Publisher, "text")
		x.set(s, 4, row, src.URI, "text")
		x.date(s, 5, row, src.Vintage)
		x.date(s, 6, row, src.Fetched)
		x.set(s, 7, row, src.ValuesUsed, "center")
		x.set(s, 8, row, sample, "center")
		row++
	}
	x.fit(s, map[int]int{4: 60})
}

func ptr[T any](v T) *T { return &v }
