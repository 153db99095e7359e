package yearbook

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/xuri/excelize/v2"
)

// gridSheet is a Sheet over rows written in a test.
type gridSheet struct {
	name string
	rows [][]string
	i    int
}

func (g *gridSheet) Name() string { return g.name }
func (g *gridSheet) Next() bool   { g.i++; return g.i <= len(g.rows) }
func (g *gridSheet) Row() (int, []string) {
	return g.i, g.rows[g.i-1]
}
func (g *gridSheet) Err() error { return nil }

// sink collects what a decoder sends.
type sink struct {
	info []extract.Info
	rows []extract.RawRow
	err  error // returned by Row when set
}

func (s *sink) Describe(i extract.Info) { s.info = append(s.info, i) }
func (s *sink) Row(r extract.RawRow) error {
	if s.err != nil {
		return s.err
	}
	s.rows = append(s.rows, r)
	return nil
}

// xlsxSheet is a Sheet over excelize's streaming row iterator, the way the
// xlsx decoder feeds this package.
type xlsxSheet struct {
	name string
	raw  bool // stored values instead of formatted text
	rows *excelize.Rows
	num  int
	cols []string
	err  error
}

func (x *xlsxSheet) Name() string { return x.name }
func (x *xlsxSheet) Next() bool {
	if x.err != nil || !x.rows.Next() {
		return false
	}
	x.num++
	x.cols, x.err = x.rows.Columns(excelize.Options{RawCellValue: x.raw})
	return x.err == nil
}
func (x *xlsxSheet) Row() (int, []string) { return x.num, x.cols }
func (x *xlsxSheet) Err() error {
	if x.err != nil {
		return x.err
	}
	return x.rows.Error()
}

const realDir = "../../../shared/fixtures/real"

func realFile(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(realDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real fixture %s not available (%v); these tests need /work/shared/fixtures/real", name, err)
	}
	return p
}

// openXLSX opens a real xlsx fixture.
func openXLSX(t *testing.T, file string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(realFile(t, file), excelize.Options{UnzipSizeLimit: 1 << 30, UnzipXMLSizeLimit: 1 << 28})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// decodeXLSX runs Decode over one sheet of a real xlsx file.
func decodeXLSX(t *testing.T, file, sheet string, raw bool) (*sink, int, error) {
	t.Helper()
	return decodeSheet(t, openXLSX(t, file), file, sheet, raw)
}

// decodeSheet runs Decode over one sheet of an open workbook, streaming its
// rows, with its merged cells.
func decodeSheet(t *testing.T, f *excelize.File, file, sheet string, raw bool) (*sink, int, error) {
	t.Helper()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var merged []Range
	mc, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mc {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		merged = append(merged, Range{FromRow: r1, FromCol: c1 - 1, ToRow: r2, ToCol: c2 - 1})
	}
	s := &sink{}
	p := extract.Payload{URI: file}
	n, err := Decode(context.Background(), p, &xlsxSheet{name: sheet, rows: rows, raw: raw}, merged, s)
	return s, n, err
}
