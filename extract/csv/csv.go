// Package csvsrc decodes delimited text tables as open-data portals, Viet
// Nam's ministries and GSO's PX-Web "save as CSV" publish them.
//
// Such files are written for people, not programs, so the decoder finds
// out what a careful analyst would before reading a number:
//
//   - the character encoding (UTF-8 with or without BOM, UTF-16 with BOM,
//     or, when the bytes are not UTF-8, the legacy Vietnamese code page
//     Windows-1258 that older Excel versions still write);
//   - the delimiter (, ; tab or |), from the lines at the top;
//   - the header row, below any title and unit lines ("Đơn vị tính: …")
//     and blank lines;
//   - the layout: long (a period column and a value column), wide (a label
//     column, perhaps a province column, then one column per period:
//     "2015", "Prel. 2016", "Sơ bộ 2023", "Total (Thous. pers.) 2010"), or
//     periods down the rows with one column per measure (GSO's "Year";
//     "Total (Bill. Dongs) Agriculture, …" tables).
//
// Header names are recognised in English and Vietnamese, ignoring case and
// diacritics. Wide tables are unpivoted to one extract.RawRow per cell.
// Labels, periods and values stay as written ("..", "Prel. 2016",
// " WHOLE COUNTRY"): parsing them is transform's job, and a rejected row
// must show the cell exactly. Nothing is dropped: cells beyond the header
// (ragged rows) are emitted under a synthetic column name "colN".
//
// The package is named csvsrc so that it does not shadow encoding/csv. It
// refuses to sniff SDMX-CSV (first cell DATAFLOW or STRUCTURE) and PX files,
// which have decoders of their own.
package csvsrc

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"regexp"
	"strings"

	"github.com/hanoi-sti/chitieu/extract"
)

// Name is the source kind of this decoder in configuration.
const Name = "csv"

const (
	bandBytes      = 64 << 10 // text read to choose the delimiter
	maxPreamble    = 100      // records searched for the header row
	ctxCheckPeriod = 256      // records between cancellation checks
)

// ErrNoHeader is returned when no header row is found.
var ErrNoHeader = errors.New("no header row (a line with two or more named columns)")

// ErrNotDelimited is returned for text that is not a delimited table.
var ErrNotDelimited = errors.New("not delimited text: no delimiter gives two or more consistent columns")

// Decoder reads delimited text tables. The zero value is ready.
type Decoder struct{}

var _ extract.Decoder = Decoder{}

func init() { extract.Register(Decoder{}) }

// Name implements extract.Decoder.
func (Decoder) Name() string { return Name }

var delimiters = []rune{',', ';', '\t', '|'}

// pxRE matches the first line of a PX file: KEYWORD[lang]("sub")=…
var pxRE = regexp.MustCompile(`^[A-Z][A-Z0-9-]*(\[[a-z]+\])?(\("[^"]*"\))?=`)

// Sniff reports whether head is a delimited table: text (in any of the
// encodings Decode reads) that is not JSON, XML, HTML, PX or SDMX-CSV and
// whose first lines split into two or more consistent columns.
func (Decoder) Sniff(head []byte) bool {
	text := decodeText(head, detectEncoding(head), len(head))
	text = strings.TrimLeft(text, "\ufeff \t\r\n")
	if text == "" || strings.ContainsAny(text[:1], "{[<") {
		return false
	}
	for _, r := range text {
		if (r < 0x20 && r != '\t' && r != '\r' && r != '\n') || r == 0x7f {
			return false // binary: a workbook, an archive
		}
	}
	first, _, _ := strings.Cut(text, "\n")
	// PX, SDMX-CSV and chitieu's table of published figures
	// (extract/published, first line "# chitieu published figures") are
	// text with delimiters too, but have decoders of their own; prose
	// (Markdown, plain text) is not a table at all.
	if pxRE.MatchString(first) || isSDMXCSV(first) || strings.HasPrefix(first, "# chitieu published figures") ||
		extract.LooksLikeProse(text) {
		return false
	}
	_, ok := detectDelimiter(text)
	return ok
}

// isSDMXCSV reports whether a first line is an SDMX-CSV header: its first
// cell is DATAFLOW (version 1) or STRUCTURE (version 2, perhaps with the
// list separator declared, "STRUCTURE[;]").
func isSDMXCSV(first string) bool {
	s := strings.ToUpper(strings.TrimLeft(first, "\ufeff \""))
	for _, k := range []string{"DATAFLOW", "STRUCTURE"} {
		if rest, ok := strings.CutPrefix(s, k); ok {
			if rest == "" || strings.ContainsAny(rest[:1], ",;\t|[\"\r") {
				return true
			}
		}
	}
	return false
}

// excelSepLine reads the "sep=;" line Excel writes (and honours) at the top
// of a CSV file to declare its delimiter.
func excelSepLine(text string) (rune, bool) {
	first, _, _ := strings.Cut(text, "\n")
	first = strings.TrimRight(first, "\r")
	if len(first) == 5 && strings.EqualFold(first[:4], "sep=") && strings.ContainsRune(",;\t|", rune(first[4])) {
		return rune(first[4]), true
	}
	return 0, false
}

// detectDelimiter picks the delimiter that splits the most records of the
// band into two or more fields, most of them into the same number of
// fields (ragged rows are allowed, but at least two records must agree). A
// delimiter that also occurs inside numbers ("1.234,5") splits the data
// rows but not the header, and loses to the real one. Ties go to the
// earlier of , ; tab |.
func detectDelimiter(text string) (rune, bool) {
	best, bestScore, bestFreq := rune(0), 0, 0
	for _, d := range delimiters {
		if !strings.ContainsRune(text, d) {
			continue
		}
		r := csv.NewReader(strings.NewReader(text))
		r.Comma = d
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		r.ReuseRecord = true
		counts := map[int]int{}
		multi := 0
		for n := 0; n < 200; n++ {
			rec, err := r.Read()
			if err != nil {
				break
			}
			if len(rec) >= 2 {
				counts[len(rec)]++
				multi++
			}
		}
		freq := 0
		for _, f := range counts {
			freq = max(freq, f)
		}
		if score := multi + freq; freq >= 2 && score > bestScore {
			best, bestScore, bestFreq = d, score, freq
		}
	}
	return best, bestFreq >= 2
}

// Decode implements extract.Decoder. It reads record by record; only the
// header and one record are held at a time.
func (Decoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	src, err := p.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	// Two passes over the bytes: one to learn the encoding (it takes the
	// whole file, see scanEncoding), one to read the records. A file is
	// read from disk twice rather than held in memory once.
	enc, err := scanEncoding(src)
	if err != nil {
		return fmt.Errorf("%s: %w", p.URI, err)
	}
	head := make([]byte, bandBytes)
	n, err := readAt(src, head)
	if err != nil {
		return fmt.Errorf("%s: %w", p.URI, err)
	}
	head = head[:n]
	if len(bytes.TrimSpace(head)) == 0 && n < bandBytes {
		return fmt.Errorf("%s: empty CSV payload", p.URI)
	}
	band := decodeText(head, enc, bandBytes)
	var mend *damageRepair
	if lossyText(band) {
		// Vietnamese letters turned into "?" by a Western code page: the
		// bytes that are left are Windows-1252, not 1258 (0xF2 is ò, not
		// a tone mark).
		if enc == encCP1258 {
			enc = encCP1252
			band = decodeText(head, enc, bandBytes)
		}
		mend = newDamageRepair()
	}
	trimmed := strings.TrimLeft(band, "\ufeff \t\r\n")
	if extract.LooksLikeHTML([]byte(trimmed)) {
		return fmt.Errorf("%s: an HTML page (an error or login page served instead of data?), not CSV", p.URI)
	}
	if extract.LooksLikeProse(band) {
		return fmt.Errorf("%s: %w", p.URI, extract.ErrProse)
	}
	if n == bandBytes {
		if i := strings.LastIndexByte(band, '\n'); i > 0 {
			band = band[:i+1] // the last line of the band may be cut short
		}
	}
	delim, sepLine := excelSepLine(trimmed)
	if !sepLine {
		var ok bool
		if delim, ok = detectDelimiter(band); !ok {
			return fmt.Errorf("%s: %w", p.URI, ErrNotDelimited)
		}
	}

	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("%s: %w", p.URI, err)
	}
	text, err := textReader(src, enc)
	if err != nil {
		return fmt.Errorf("%s: %w", p.URI, err)
	}
	r := csv.NewReader(text)
	r.Comma = delim
	r.FieldsPerRecord = -1 // ragged rows are data, not errors
	r.LazyQuotes = true    // portals write bare quotes inside unquoted cells
	r.ReuseRecord = true

	d := &decoding{ctx: ctx, uri: p.URI, out: out, r: r, skipFirst: sepLine, mend: mend}
	if err := d.findHeader(); err != nil {
		return err
	}
	d.plan()
	out.Describe(extract.Info{Title: d.title, DecimalComma: decimalComma(band, delim)})
	for n := 0; ; n++ {
		if n%ctxCheckPeriod == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			d.warnDamaged()
			return nil
		}
		if err != nil {
			return d.readErr(err)
		}
		if d.mend != nil {
			d.mend.repair(rec)
		}
		line, _ := r.FieldPos(0)
		if err := d.record(rec, line); err != nil {
			return err
		}
	}
}

// layout is how a table places periods and values.
type layout int

const (
	layoutLong       layout = iota // a period column and a value column
	layoutWide                     // one column per period
	layoutPeriodRows               // a period column, one column per measure
	layoutPlain                    // neither: one column per measure, no period
)

// column is one header cell, understood.
type column struct {
	name    string // header as written, trimmed
	origin  string // Origin.Column
	role    role
	measure string // the measure a value column names ("Total (Thous. pers.)")
	period  string // the period a wide column names ("Prel. 2016")
	unit    string // the unit the header states
}

type decoding struct {
	ctx context.Context
	uri string
	out extract.Sink
	r   *csv.Reader

	skipFirst bool          // the first record is Excel's "sep=;" line
	mend      *damageRepair // set when Vietnamese letters were lost to "?" (damaged.go)

	title   string
	defUnit string // from a preamble line "Đơn vị tính: …"
	header  []string
	cols    []column
	layout  layout

	// Indexes of the columns with a role, or -1.
	label, code, geo, period, value, unit, status int
	attrs                                         []int // other columns, kept in Dims
	values                                        []int // columns holding values (wide, period-rows and plain layouts)
}

func (d *decoding) readErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &extract.DecodeError{Origin: extract.Origin{URI: d.uri, Row: pe.StartLine}, Err: err}
	}
	return fmt.Errorf("%s: reading CSV: %w", d.uri, err)
}

// warnDamaged says, once a file is read, that its names were damaged and
// how many damaged cells could be restored.
func (d *decoding) warnDamaged() {
	if d.mend == nil {
		return
	}
	slog.Warn("csv: Vietnamese letters in this file were replaced by \"?\" (saved through a Western code page); places matched by the letters left, other names kept as damaged",
		"uri", d.uri, "damaged_cells", d.mend.damaged, "restored", d.mend.mended)
}

// findHeader reads the preamble (title, unit line, blank lines) and the
// header row: the first record with two or more non-empty cells.
func (d *decoding) findHeader() error {
	for n := 0; n < maxPreamble; n++ {
		rec, err := d.r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return d.readErr(err)
		}
		if n == 0 && d.skipFirst {
			continue
		}
		if d.mend != nil {
			d.mend.repair(rec)
		}
		var cells []string
		for _, c := range rec {
			if strings.TrimSpace(c) != "" {
				cells = append(cells, strings.TrimSpace(c))
			}
		}
		switch {
		case len(cells) >= 2:
			d.header = make([]string, len(rec))
			for i, c := range rec {
				d.header[i] = strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))
			}
			return nil
		case len(cells) == 1:
			if u, ok := unitLine(cells[0]); ok {
				d.defUnit = u
			} else if d.title == "" {
				d.title = cells[0]
			}
		}
	}
	return fmt.Errorf("%s: %w", d.uri, ErrNoHeader)
}

// plan classifies the header's columns and chooses the layout.
func (d *decoding) plan() {
	d.label, d.code, d.geo, d.period, d.value, d.unit, d.status = -1, -1, -1, -1, -1, -1, -1
	d.cols = make([]column, len(d.header))
	years := 0
	for i, h := range d.header {
		c := column{name: h, origin: originColumn(d.header, i), unit: unitIn(h)}
		if m, p, ok := splitPeriodHeader(h); ok {
			c.role, c.measure, c.period = roleYear, m, p
			years++
		} else {
			c.role = roleOf(h)
		}
		d.cols[i] = c
	}
	first := func(r role) int {
		for i, c := range d.cols {
			if c.role == r {
				return i
			}
		}
		return -1
	}
	d.period, d.value = first(rolePeriod), first(roleValue)
	d.geo, d.code, d.unit, d.status = first(roleGeo), first(roleCode), first(roleUnit), first(roleStatus)
	d.label = first(roleSeries)
	switch {
	case d.period >= 0 && d.value >= 0:
		d.layout = layoutLong
	case d.period >= 0:
		d.layout = layoutPeriodRows
	case years > 0:
		d.layout = layoutWide
	default:
		d.layout = layoutPlain
	}
	if d.label < 0 && (d.layout == layoutWide || d.layout == layoutLong) {
		// No column is named like a label: the first column without a role
		// (before the period columns of a wide table) is the label: "",
		// "Chỉ tiêu kinh tế chủ yếu", Eurostat's "indic_na".
		for i, c := range d.cols {
			if c.role == roleYear && d.layout == layoutWide {
				break
			}
			if c.role == roleOther {
				d.label = i
				break
			}
		}
	}
	if d.label < 0 && d.layout == layoutPlain && d.cols[0].role == roleOther {
		d.label = 0 // a table without periods: rows named by the first column
	}
	used := map[int]bool{d.label: true, d.code: true, d.geo: true, d.period: true, d.unit: true, d.status: true}
	if d.layout == layoutLong {
		used[d.value] = true
	}
	for i, c := range d.cols {
		if used[i] {
			continue
		}
		switch {
		case d.layout == layoutWide && c.role == roleYear:
			d.values = append(d.values, i)
		case d.layout == layoutPeriodRows || d.layout == layoutPlain:
			if c.role == roleOther || c.role == roleYear || c.role == roleValue {
				d.values = append(d.values, i)
			} else {
				d.attrs = append(d.attrs, i)
			}
		default:
			d.attrs = append(d.attrs, i)
		}
	}
	if d.layout == layoutPeriodRows || d.layout == layoutPlain {
		for _, i := range d.values {
			if d.cols[i].role != roleValue { // "Value" names no measure
				d.cols[i].measure = d.cols[i].name // the whole header names the measure
			}
		}
	}
}

// colUnit is the unit column i's header states, if any.
func (d *decoding) colUnit(i int) string {
	if i < 0 || i >= len(d.cols) {
		return ""
	}
	return d.cols[i].unit
}

func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

// valueText is a value cell as written, without the spaces around it (a
// no-break space, which transform understands, is kept).
func valueText(s string) string { return strings.Trim(s, " \t\r\n") }

// record sends the rows of one data record.
func (d *decoding) record(rec []string, line int) error {
	empty := true
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			empty = false
			break
		}
	}
	if empty {
		return nil
	}
	base := extract.RawRow{Geo: cell(rec, d.geo)}
	label := cell(rec, d.label)
	rowUnit, labelUnit := "", unitIn(label)
	if d.unit >= 0 {
		rowUnit = strings.TrimSpace(cell(rec, d.unit))
	}
	if d.status >= 0 {
		base.Status = strings.TrimSpace(cell(rec, d.status))
	}
	var dims map[string]string
	for _, i := range d.attrs {
		if i < len(rec) {
			if dims == nil {
				dims = map[string]string{}
			}
			dims[d.cols[i].name] = rec[i]
		}
	}

	shared := &recordRows{base: base, label: label, dims: dims, rowUnit: rowUnit, labelUnit: labelUnit}
	if d.layout == layoutLong {
		return d.longRecord(rec, line, shared)
	}
	return d.valueCells(rec, line, shared)
}

// recordRows is what the rows of one record share: the row with its place
// and status, the series label, the record's extra columns, and the units
// the record states (its unit column, its label).
type recordRows struct {
	base               extract.RawRow
	label              string
	dims               map[string]string
	rowUnit, labelUnit string
}

// unitOf is the unit of the record's cell in column col: the row's unit
// column, else what the value column's header says, else what the row's
// label says, else the table's "Đơn vị tính" line. (A method, not a
// closure: a closure passed on escaped to the heap, one allocation a
// record.)
func (d *decoding) unitOf(rr *recordRows, col int) string {
	for _, u := range [...]string{rr.rowUnit, d.colUnit(col), rr.labelUnit, d.defUnit} {
		if u != "" {
			return u
		}
	}
	return ""
}

// longRecord sends the one value of a record of a long table (one value
// column, the period in a column); a line with nothing else is a footnote.
func (d *decoding) longRecord(rec []string, line int, rr *recordRows) error {
	base, label, dims := rr.base, rr.label, rr.dims
	nonEmpty := 0
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			nonEmpty++
		}
	}
	if valueText(cell(rec, d.value)) == "" && nonEmpty <= 1 {
		return nil // a footnote line
	}
	for i := len(d.header); i < len(rec); i++ {
		if strings.TrimSpace(rec[i]) != "" { // never lose a cell
			if dims == nil {
				dims = map[string]string{}
			}
			dims[originColumn(d.header, i)] = rec[i]
		}
	}
	row := base
	row.Dims = dims
	row.Unit = d.unitOf(rr, d.value)
	d.name(&row, label, "", cell(rec, d.code))
	row.Period = strings.TrimSpace(cell(rec, d.period))
	row.Value = valueText(cell(rec, d.value))
	row.Origin = extract.Origin{URI: d.uri, Row: line, Column: d.cols[d.value].origin}
	return d.out.Row(row)
}

// valueCells sends one row per value cell of a record of a wide or
// period-column table, and one per cell the header does not name.
func (d *decoding) valueCells(rec []string, line int, rr *recordRows) error {
	base, label, dims := rr.base, rr.label, rr.dims
	// One row per value cell; a record with no value at all (a section
	// heading, a footnote) sends nothing.
	has := false
	for _, i := range d.values {
		if valueText(cell(rec, i)) != "" {
			has = true
			break
		}
	}
	for i := len(d.header); i < len(rec) && !has; i++ {
		has = strings.TrimSpace(rec[i]) != ""
	}
	if !has {
		return nil
	}
	code := cell(rec, d.code)
	for _, i := range d.values {
		if i >= len(rec) {
			continue
		}
		c := d.cols[i]
		row := base
		row.Dims = maps.Clone(dims)
		d.name(&row, label, c.measure, code)
		row.Unit = d.unitOf(rr, i)
		if d.layout == layoutWide {
			row.Period = c.period
		} else {
			row.Period = strings.TrimSpace(cell(rec, d.period))
		}
		row.Value = valueText(rec[i])
		row.Origin = extract.Origin{URI: d.uri, Row: line, Column: c.origin}
		if err := d.out.Row(row); err != nil {
			return err
		}
	}
	for i := len(d.header); i < len(rec); i++ {
		if valueText(rec[i]) == "" {
			continue
		}
		// A cell the header does not name: its period and measure are
		// unknown, so transform will reject it, with the cell intact.
		row := base
		row.Dims = maps.Clone(dims)
		d.name(&row, label, "", code)
		row.Unit = d.unitOf(rr, -1)
		if d.layout != layoutWide {
			row.Period = strings.TrimSpace(cell(rec, d.period))
		}
		row.Value = valueText(rec[i])
		row.Origin = extract.Origin{URI: d.uri, Row: line, Column: originColumn(d.header, i)}
		if err := d.out.Row(row); err != nil {
			return err
		}
	}
	return nil
}

// name sets a row's series code and label: the measure a header names, then
// the row's label, as GSO itself concatenates them ("Total (Thous. pers.)
// Agriculture, forestry and fishing"); the table title when there is
// neither (a table by province of one indicator). A code column, when
// present, gives the code.
func (d *decoding) name(row *extract.RawRow, label, measure, code string) {
	var name string
	switch {
	case measure == "" && strings.TrimSpace(label) != "":
		name = label // as written
	case measure == "":
		name = ""
	default:
		name = strings.TrimSpace(measure + " " + label)
	}
	if name == "" {
		name = d.title
	}
	row.SeriesName = name
	row.Series = name
	if code = strings.TrimSpace(code); code != "" {
		row.Series = code
		if measure != "" { // concatenated only when needed: once per row of a long file
			row.Series = strings.TrimSpace(code + " " + measure)
		}
	}
}

// readAt fills b from the start of r, or as much as r holds.
func readAt(r io.ReaderAt, b []byte) (int, error) {
	n, err := r.ReadAt(b, 0)
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// Number shapes that tell the notation of a file: a comma before decimals
// ("41,5", "392.150,5") is Vietnamese; a point before decimals that are not
// exactly three digits ("8587.1"), or commas grouping thousands before one
// ("1,234.5"), is English. "1.234" and "1,234" say nothing.
var (
	viDecimal = regexp.MustCompile(`^-?(\d{1,3}(\.\d{3})+|\d+),(\d{1,2}|\d{4,})$|^-?\d{1,3}(\.\d{3})+,\d+$`)
	enDecimal = regexp.MustCompile(`^-?(\d{1,3}(,\d{3})+|\d+)\.(\d{1,2}|\d{4,})$|^-?\d{1,3}(,\d{3})+\.\d+$`)
)

// decimalComma reports whether the cells of the band are written in
// Vietnamese notation only: some have a decimal comma and none an English
// decimal point. Then an ambiguous "250.000" in the same file is 250000:
// read as 250 it passed the plausible-range check, a silent thousandfold
// error. A file that mixes both notations, or shows neither, is read cell by
// cell as before (transform.ParseNumber).
func decimalComma(band string, delim rune) bool {
	vi := false
	for _, line := range strings.Split(band, "\n") {
		for _, f := range strings.Split(line, string(delim)) {
			f = strings.Trim(strings.TrimSpace(f), `"`)
			f = strings.TrimSpace(strings.TrimSuffix(f, "%"))
			switch {
			case enDecimal.MatchString(f):
				return false
			case viDecimal.MatchString(f):
				vi = true
			}
		}
	}
	return vi
}
