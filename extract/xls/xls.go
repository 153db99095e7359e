// Package xls reads legacy Excel 97–2003 workbooks (.xls: BIFF8 records in
// an OLE2 compound file) and runs every worksheet through the statistical
// table finder of package yearbook.
//
// Viet Nam's statistics offices published .xls for two decades, and their
// archives (statistical yearbooks, monthly socio-economic reports) are still
// served in it, so chitieu reads it directly instead of asking analysts to
// convert files by hand. The BIFF8 cell records are decoded here, on top of
// github.com/richardlehane/mscfb for the OLE2 container, rather than with
// one of the Go .xls libraries on the module proxy: github.com/extrame/xls
// (last release 2016) panics on the GSO 2002 yearbook, and
// github.com/shakinm/xlsReader returns an empty workbook with a nil error
// when a stream cannot be read (so a truncated download would load as "no
// data"), decodes 8-bit LABEL records as Windows-1251 and reads neither
// merged cells nor fonts. This package needs all three: errors that name
// the file, the merged header cells, and each cell's font, which is how a
// TCVN3 ("ABC" font) string is told from a Latin-1 one (see tcvn3.go).
//
// A workbook is held in memory (it is the payload), but sheets are handed
// to yearbook.Decode row by row, in file order, as BIFF8 stores them.
package xls

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/yearbook"
)

func init() { extract.Register(Decoder{}) }

// Decoder is the "xls" source kind.
type Decoder struct{}

// Name implements extract.Decoder.
func (Decoder) Name() string { return "xls" }

// Sniff reports an OLE2 compound file. Word and PowerPoint files share the
// container; Decode refuses them with a clear error (no Workbook stream).
func (Decoder) Sniff(head []byte) bool { return bytes.HasPrefix(head, oleMagic) }

// ErrNoTables is wrapped by the error for a workbook in which no sheet holds
// a statistical table.
var ErrNoTables = errors.New("no sheet of the workbook holds a statistical table")

// Decode reads every worksheet of the workbook through yearbook.Decode.
// Sheets without a table (a cover sheet, a scratch sheet) are skipped with
// a log line; a workbook where no sheet has one is an error.
func (Decoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	whole, err := p.Bytes()
	if err != nil {
		return err
	}
	wb, err := openWorkbook(whole)
	if err != nil {
		return fmt.Errorf("%s: %w", p.URI, err)
	}
	return decodeWorkbook(ctx, p, wb, out)
}

func decodeWorkbook(ctx context.Context, p extract.Payload, wb *workbook, out extract.Sink) error {
	text := wb.textDecoder()
	ds := &describeOnce{out: out}
	tables := 0
	for _, si := range wb.sheets {
		if err := ctx.Err(); err != nil {
			return err
		}
		if si.kind != 0 {
			continue // charts, macro sheets, VB modules
		}
		org := extract.Origin{URI: p.URI, Sheet: si.name}
		m, err := wb.merges(int(si.offset))
		if err != nil {
			return &extract.DecodeError{Origin: org, Err: fmt.Errorf("reading merged cells: %w", err)}
		}
		merged := make([]yearbook.Range, len(m))
		for i, r := range m {
			merged[i] = yearbook.Range{FromRow: r[0] + 1, ToRow: r[1] + 1, FromCol: r[2], ToCol: r[3]}
		}
		sr, err := wb.newSheetReader(int(si.offset))
		if err != nil {
			return &extract.DecodeError{Origin: org, Err: err}
		}
		sh := &sheet{name: si.name, r: sr, text: text}
		n, err := yearbook.Decode(ctx, p, sh, merged, ds)
		if errors.Is(err, yearbook.ErrNoTable) {
			slog.Info("xls: sheet has no statistical table, skipped", "uri", p.URI, "sheet", si.name)
			continue
		}
		if err != nil {
			return err // the sheet's own errors come wrapped with its origin
		}
		tables += n
	}
	if tables == 0 {
		return fmt.Errorf("%s: %w (%d sheets read)", p.URI, ErrNoTables, len(wb.sheets))
	}
	ds.finish()
	return nil
}

// describeOnce tells the sink about the payload when the first row comes,
// with the title of the table that row is from.
type describeOnce struct {
	out  extract.Sink
	done bool
}

func (d *describeOnce) Describe(extract.Info) {}

func (d *describeOnce) Row(r extract.RawRow) error {
	if !d.done {
		d.done = true
		d.out.Describe(extract.Info{Title: r.Dims["table"]})
	}
	return d.out.Row(r)
}

func (d *describeOnce) finish() {
	if !d.done {
		d.done = true
		d.out.Describe(extract.Info{})
	}
}

// textDecoder returns the function that turns a string cell into Unicode.
// TCVN3 is converted
//
//   - in a workbook without Unicode Vietnamese text: when the cell's font is
//     an ABC font (.VnTime, …), or, when the workbook names no such font,
//     when its strings as a whole read as TCVN3 (tcvnDetector);
//   - in a workbook that also holds Unicode Vietnamese (offices kept the old
//     fonts in their templates long after switching): only for a cell in an
//     ABC font whose own text shows TCVN3 letters, since a Unicode string
//     such as "Tây Ninh" is Latin-1 too.
//
// Strings with any rune above U+00FF are never converted.
func (wb *workbook) textDecoder() func(s string, ixfe uint16) string {
	vnFonts := false
	for _, f := range wb.fonts {
		if isVnFont(f) {
			vnFonts = true
		}
	}
	var det tcvnDetector
	for _, s := range wb.sst {
		det.add(s)
	}
	return func(s string, ixfe uint16) string {
		if !latin1Only(s) {
			return s
		}
		font := wb.fontName(ixfe)
		var convert bool
		switch {
		case det.unicode:
			convert = isVnFont(font) && tcvn3Evidence(s) > 0
		case vnFonts:
			convert = isVnFont(font)
		default:
			convert = det.isTCVN3()
		}
		if convert {
			return decodeTCVN3(s, font)
		}
		return s
	}
}

// sheet adapts a sheetReader to yearbook.Sheet: it gathers the cells of
// one row and hands them on when the next row starts.
type sheet struct {
	name string
	r    *sheetReader
	text func(string, uint16) string

	cur     []string // row being returned
	curNum  int
	next    []string // the row after it, read ahead
	nextNum int
	have    bool // next holds a row
}

func (s *sheet) Name() string { return s.name }

func (s *sheet) Row() (int, []string) { return s.curNum, s.cur }

func (s *sheet) Err() error { return s.r.err }

func (s *sheet) Next() bool {
	s.cur, s.curNum = s.cur[:0], 0
	if s.have {
		s.cur, s.curNum, s.have = append(s.cur, s.next...), s.nextNum, false
	}
	for {
		// Every BIFF8 cell record holds cells of one row.
		var cells []cell
		if !s.r.next(func(c cell) { cells = append(cells, c) }) {
			return s.curNum > 0
		}
		if len(cells) == 0 {
			continue
		}
		num := cells[0].row + 1
		if s.curNum == 0 {
			s.curNum = num
		}
		if num != s.curNum { // the next row has begun: keep it for the next call
			s.next, s.nextNum, s.have = s.next[:0], num, true
			for _, c := range cells {
				s.next = put(s.next, c.col, s.display(c))
			}
			return true
		}
		for _, c := range cells {
			s.cur = put(s.cur, c.col, s.display(c))
		}
	}
}

func (s *sheet) display(c cell) string {
	if c.isNum {
		id, code := s.r.wb.formatOf(c.ixfe)
		return displayNumber(c.num, id, code, s.r.wb.date1904)
	}
	t := s.text(c.text, c.ixfe)
	// An item's indent is shown by its cell format, not by spaces; the
	// table finder reads leading spaces, four a level.
	if c.col < 4 && int(c.ixfe) < len(s.r.wb.xfs) && t != "" {
		if n := s.r.wb.xfs[c.ixfe].indent; n > 0 {
			t = strings.Repeat("    ", int(n)) + t
		}
	}
	return t
}

// put sets cells[col] = v, growing cells with empty strings. Columns beyond
// 16,384 (more than Excel allows) are dropped.
func put(cells []string, col int, v string) []string {
	if col < 0 || col > 16383 {
		return cells
	}
	for len(cells) <= col {
		cells = append(cells, "")
	}
	cells[col] = v
	return cells
}
