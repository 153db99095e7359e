package excel

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/yearbook"
)

// decodeTables reads a workbook that is not an agency report: every sheet
// is searched for statistical tables (yearbook layout), whose value cells
// are unpivoted. Sheets without a table (covers, notes) are skipped; a
// workbook with no table at all is an error.
func decodeTables(ctx context.Context, f *excelize.File, p extract.Payload, parts map[string]*zip.File, levels []int, out extract.Sink) error {
	merges, err := sheetMerges(parts)
	if err != nil {
		// The table finder copes without merges; excelize already opened
		// the workbook, so this is a damaged part it tolerates.
		slog.Warn("xlsx: merged cells unreadable, reading tables without them", "uri", p.URI, "err", err)
	}
	described := false
	describe := describeFirst{out: out, done: &described}
	tables, sheets := 0, f.GetSheetList()
	for _, name := range sheets {
		if err := ctx.Err(); err != nil {
			return err
		}
		merged := merges[name]
		uncached, err := uncachedFormulas(parts, name)
		if err != nil {
			return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: name}, Err: err}
		}
		indents, err := labelIndents(parts[name], levels)
		if err != nil {
			return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: name}, Err: err}
		}
		rows, err := f.Rows(name)
		if err != nil {
			return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: name}, Err: err}
		}
		sheet := &xlsxSheet{name: name, rows: rows, file: f, payload: p, uncached: uncached, indents: indents}
		n, err := yearbook.Decode(ctx, p, sheet, merged, describe)
		rows.Close()
		if errors.Is(err, yearbook.ErrNoTable) {
			slog.Debug("xlsx: sheet has no statistical table, skipped", "uri", p.URI, "sheet", name)
			continue
		}
		if err != nil {
			return err
		}
		tables += n
	}
	if tables == 0 {
		return fmt.Errorf("%s: neither the agency report template (a \"Số liệu\" sheet) nor a statistical table in any of its %d sheets: %w",
			p.URI, len(sheets), yearbook.ErrNoTable)
	}
	if !described {
		out.Describe(extract.Info{})
	}
	return nil
}

// describeFirst describes the payload with the title of the first table
// that yields a row.
type describeFirst struct {
	out  extract.Sink
	done *bool
}

func (d describeFirst) Describe(extract.Info) {}

func (d describeFirst) Row(r extract.RawRow) error {
	if !*d.done {
		*d.done = true
		d.out.Describe(extract.Info{Title: r.Dims["table"]})
	}
	return d.out.Row(r)
}

// xlsxSheet feeds excelize's streaming row iterator to the table finder.
// It reads stored values, not display text: GSO's workbooks store floats
// with ten decimals behind a "0.0" display format.
type xlsxSheet struct {
	name     string
	rows     *excelize.Rows
	num      int
	cols     []string
	err      error
	file     *excelize.File
	payload  extract.Payload
	uncached map[int][]string    // formulas saved without a result, by row
	indents  map[int]map[int]int // indent levels of label cells, by row and column
}

func (x *xlsxSheet) Name() string { return x.name }

func (x *xlsxSheet) Next() bool {
	if x.err != nil || !x.rows.Next() {
		return false
	}
	x.num++
	x.cols, x.err = x.rows.Columns(excelize.Options{RawCellValue: true})
	if refs := x.uncached[x.num]; len(refs) > 0 && x.err == nil {
		x.cols = fillFormulas(x.file, x.payload, x.name, refs, x.cols)
	}
	if in := x.indents[x.num]; len(in) > 0 && x.err == nil {
		indentCells(x.cols, in)
	}
	return x.err == nil
}

func (x *xlsxSheet) Row() (int, []string) { return x.num, x.cols }

func (x *xlsxSheet) Err() error {
	if x.err != nil {
		return x.err
	}
	return x.rows.Error()
}
