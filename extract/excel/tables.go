package excel

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/yearbook"
)

// mergeReadLimit bounds the worksheet XML for which merged ranges are read.
// excelize reads merges by parsing a whole sheet into memory, which would
// defeat streaming on a large sheet; merges only matter in the header band,
// and the table finder copes without them.
const mergeReadLimit = 8 << 20

// decodeTables reads a workbook that is not an agency report: every sheet
// is searched for statistical tables (yearbook layout), whose value cells
// are unpivoted. Sheets without a table (covers, notes) are skipped; a
// workbook with no table at all is an error.
func decodeTables(ctx context.Context, f *excelize.File, p extract.Payload, out extract.Sink) error {
	readMerges := worksheetBytes(p.Body) <= mergeReadLimit
	described := false
	describe := describeFirst{out: out, done: &described}
	tables, sheets := 0, f.GetSheetList()
	for _, name := range sheets {
		if err := ctx.Err(); err != nil {
			return err
		}
		var merged []yearbook.Range
		if readMerges {
			mc, err := f.GetMergeCells(name)
			if err != nil {
				return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: name}, Err: fmt.Errorf("merged cells: %w", err)}
			}
			for _, m := range mc {
				c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
				c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
				if err1 == nil && err2 == nil {
					merged = append(merged, yearbook.Range{FromRow: r1, ToRow: r2, FromCol: c1 - 1, ToCol: c2 - 1})
				}
			}
		}
		rows, err := f.Rows(name)
		if err != nil {
			return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: name}, Err: err}
		}
		n, err := yearbook.Decode(ctx, p, &xlsxSheet{name: name, rows: rows}, merged, describe)
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

// worksheetBytes is the uncompressed size of all worksheet parts, from the
// zip directory (no decompression).
func worksheetBytes(body []byte) uint64 {
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return 0
	}
	var n uint64
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			n += f.UncompressedSize64
		}
	}
	return n
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
	name string
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
	x.cols, x.err = x.rows.Columns(excelize.Options{RawCellValue: true})
	return x.err == nil
}

func (x *xlsxSheet) Row() (int, []string) { return x.num, x.cols }

func (x *xlsxSheet) Err() error {
	if x.err != nil {
		return x.err
	}
	return x.rows.Error()
}
