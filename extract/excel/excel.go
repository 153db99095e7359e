// Package excel reads .xlsx workbooks: the agency report template of the plan
// (see template.go and the README), and any other workbook through the
// statistical-yearbook table finder.
//
// Workbooks are streamed with excelize's row iterator, never GetRows on a
// whole sheet, so memory does not grow with the number of rows, and opened
// with explicit unzip limits: with excelize's defaults a 1 MB zip bomb took
// 38 s and 3.6 GB here.
package excel

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/vntext"
)

// Unzip limits. A real yearbook workbook unzips to a few MB and the
// benchmark's million-row sheet to about 100 MB; anything near these limits
// is hostile.
const (
	UnzipSizeLimit    = 1 << 30  // all parts of the workbook together
	UnzipXMLSizeLimit = 16 << 20 // one sheet in memory; larger sheets go to a temp file
)

// Decoder reads xlsx payloads.
type Decoder struct{}

var _ extract.Decoder = Decoder{}

func init() { extract.Register(Decoder{}) }

// Name implements extract.Decoder.
func (Decoder) Name() string { return "xlsx" }

// Sniff implements extract.Decoder: an xlsx file is a zip archive. Decode
// checks that the archive really is a workbook.
func (Decoder) Sniff(head []byte) bool { return bytes.HasPrefix(head, []byte("PK\x03\x04")) }

// ErrNotWorkbook is wrapped when a zip archive is not a readable workbook.
var ErrNotWorkbook = errors.New("not a readable xlsx workbook")

// Decode implements extract.Decoder.
func (Decoder) Decode(ctx context.Context, p extract.Payload, out extract.Sink) error {
	src, zr, err := openZip(p)
	if err != nil {
		return err
	}
	defer src.Close()
	f, err := open(p, zr)
	if err != nil {
		return err
	}
	defer f.Close()
	// The workbook's part map is read once per payload, for the merges and
	// the uncached formulas.
	parts, err := sheetParts(zr)
	if err != nil {
		return fmt.Errorf("%s: %w: %w", p.URI, ErrNotWorkbook, err)
	}
	info, data, ok, err := findTemplate(f, p)
	if err != nil {
		return err
	}
	if ok {
		out.Describe(info)
		if err := decodeReport(ctx, f, p, parts, data, out); err != nil {
			return err
		}
		return decodeTasks(ctx, f, p, out)
	}
	if sheet, ok, err := findDataBank(f); err != nil {
		return fmt.Errorf("%s: %w", p.URI, err)
	} else if ok {
		return decodeDataBank(ctx, f, p, sheet, out)
	}
	levels, err := indentStyles(zr)
	if err != nil {
		// Indents only refine the items' nesting; excelize already read
		// the styles, so this is a damaged part it tolerates.
		slog.Warn("xlsx: cell styles unreadable, reading tables without indents", "uri", p.URI, "err", err)
	}
	return decodeTables(ctx, f, p, parts, levels, out)
}

// Open opens an xlsx payload with the unzip limits set, after checking
// every part of it (see verifyParts).
func Open(p extract.Payload) (*excelize.File, error) {
	src, zr, err := openZip(p)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return open(p, zr)
}

// openZip opens the payload as a zip archive, read from its file when it
// has one: the archive is not copied into memory.
func openZip(p extract.Payload) (extract.Reader, *zip.Reader, error) {
	src, err := p.Open()
	if err != nil {
		return nil, nil, err
	}
	zr, err := zip.NewReader(src, p.Len())
	if err != nil {
		src.Close()
		return nil, nil, fmt.Errorf("%s: %w: %w", p.URI, ErrNotWorkbook, err)
	}
	return src, zr, nil
}

func open(p extract.Payload, zr *zip.Reader) (*excelize.File, error) {
	if err := verifyParts(p.URI, zr); err != nil {
		return nil, err
	}
	opts := excelize.Options{UnzipSizeLimit: UnzipSizeLimit, UnzipXMLSizeLimit: UnzipXMLSizeLimit}
	var f *excelize.File
	var err error
	if p.Body == nil && p.Path != "" {
		// excelize reads a file through io.ReaderAt; OpenReader would
		// first read it all into memory.
		f, err = excelize.OpenFile(p.Path, opts)
	} else {
		f, err = excelize.OpenReader(bytes.NewReader(p.Body), opts)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", p.URI, ErrNotWorkbook, err)
	}
	if len(f.GetSheetList()) == 0 {
		f.Close()
		return nil, fmt.Errorf("%s: %w: the archive has no worksheets", p.URI, ErrNotWorkbook)
	}
	return f, nil
}

// findTemplate recognises the agency report template by its two sheets and
// reads the report's metadata from "Thông tin".
func findTemplate(f *excelize.File, p extract.Payload) (extract.Info, string, bool, error) {
	var infoName, dataName string
	for _, name := range f.GetSheetList() {
		switch {
		case IsSheet(name, InfoSheet):
			infoName = name
		case IsSheet(name, DataSheet):
			dataName = name
		}
	}
	if dataName == "" {
		return extract.Info{}, "", false, nil
	}
	info := extract.Info{DefaultGeo: vntext.GeoHanoi, GeoScheme: extract.SchemeGSO, KnownSeriesOnly: true}
	if infoName == "" {
		return info, dataName, true, nil
	}
	rows, err := f.Rows(infoName)
	if err != nil {
		return info, "", false, fmt.Errorf("%s [%s]: %w", p.URI, infoName, err)
	}
	defer rows.Close()
	for n := 1; rows.Next() && n <= 100; n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return info, "", false, fmt.Errorf("%s [%s] row %d: %w", p.URI, infoName, n, err)
		}
		if len(cells) < 2 {
			if n == 1 && len(cells) == 1 {
				info.Title = strings.TrimSpace(cells[0])
			}
			continue
		}
		field, _ := InfoFieldOf(cells[0])
		val := strings.TrimSpace(cells[1])
		switch field {
		case FieldAgency:
			info.Publisher = val
		case FieldAgencyCode:
			info.AgencyCode = val
		case FieldDate:
			t, err := ParseDate(val)
			if err != nil {
				return info, "", false, &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: infoName, Row: n, Column: "B"},
					Err: fmt.Errorf("report date %q: %w", val, err)}
			}
			info.Vintage = t
		case FieldSample:
			info.Sample = isYes(val)
		case FieldArea:
			if val != "" {
				info.DefaultGeo = val
			}
		case FieldTitle:
			info.Title = val
		}
	}
	return info, dataName, true, rows.Error()
}

func isYes(s string) bool {
	switch vntext.Fold(strings.TrimSpace(s)) {
	case "co", "yes", "x", "1", "true":
		return true
	}
	return false
}

// ParseDate reads a report date typed as text (25/11/2024, 2024-11-25) or
// stored as an Excel date serial, as the template's "Ngày báo cáo" holds it.
func ParseDate(s string) (time.Time, error) {
	for _, layout := range []string{"02/01/2006", "2/1/2006", "2006-01-02", "02-01-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && v > 20000 && v < 80000 {
		return excelize.ExcelDateToTime(v, false)
	}
	return time.Time{}, errors.New("want a date such as 25/11/2024")
}

// Column roles in the "Số liệu" header row, by folded header text.
var headerRoles = map[string]string{
	"ma chi tieu":  "code",
	"ten chi tieu": "name",
	"don vi tinh":  "unit",
	"dia ban":      "geo",
	"ghi chu":      "note",
	"nguon":        "note",
}

// decodeReport streams the "Số liệu" sheet: a header row naming the code,
// name, unit and place columns, then one column per period; every non-empty
// cell under a period is one raw row.
func decodeReport(ctx context.Context, f *excelize.File, p extract.Payload, parts map[string]*zip.File, sheet string, out extract.Sink) error {
	uncached, err := uncachedFormulas(parts, sheet)
	if err != nil {
		return fmt.Errorf("%s [%s]: %w", p.URI, sheet, err)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("%s [%s]: %w", p.URI, sheet, err)
	}
	defer rows.Close()
	var roles []string // per column: code, name, unit, geo, note, or "" for a period column
	var periods []string
	roleCol := map[string]int{}
	n, emitted := 0, 0
	for rows.Next() {
		n++
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet, Row: n}, Err: err}
		}
		if refs := uncached[n]; len(refs) > 0 {
			cells = fillFormulas(f, p, sheet, refs, cells)
		}
		if roles == nil {
			if isHeader(cells) {
				roles, periods = make([]string, len(cells)), make([]string, len(cells))
				for i, c := range cells {
					if role, ok := headerRoles[vntext.Fold(strings.TrimSpace(c))]; ok {
						roles[i] = role
						roleCol[role] = i
					} else {
						periods[i] = strings.TrimSpace(c)
					}
				}
			} else if n >= 30 {
				return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet, Row: n},
					Err: errors.New("no header row with \"Mã chỉ tiêu\" in the first 30 rows")}
			}
			continue
		}
		cell := func(role string) string {
			if i, ok := roleCol[role]; ok && i < len(cells) {
				return strings.TrimSpace(cells[i])
			}
			return ""
		}
		code, geo := cell("code"), cell("geo")
		for len(roles) < len(cells) {
			// A value right of the header's last cell (under a merged or
			// two-row header) would otherwise be lost.
			roles, periods = append(roles, ""), append(periods, "")
		}
		for i, v := range cells {
			if roles[i] != "" || strings.TrimSpace(v) == "" {
				continue
			}
			if periods[i] == "" {
				// A value in a column with no header would otherwise be lost.
				periods[i] = "(no header)"
			}
			colName, _ := excelize.ColumnNumberToName(i + 1)
			emitted++
			if err := out.Row(extract.RawRow{
				Origin:     extract.Origin{URI: p.URI, Sheet: sheet, Row: n, Column: colName},
				Series:     code,
				SeriesName: cell("name"),
				Geo:        geo,
				Period:     periods[i],
				Value:      v,
				Unit:       cell("unit"),
			}); err != nil {
				return err
			}
		}
	}
	if err := rows.Error(); err != nil {
		return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet, Row: n}, Err: err}
	}
	if roles == nil {
		return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet},
			Err: errors.New("no header row with \"Mã chỉ tiêu\" found")}
	}
	if emitted == 0 {
		return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet},
			Err: fmt.Errorf("the sheet has a header but no values (read %d rows); a damaged file can look like this", n)}
	}
	return nil
}

func isHeader(cells []string) bool {
	for _, c := range cells {
		if headerRoles[vntext.Fold(strings.TrimSpace(c))] == "code" {
			return true
		}
	}
	return false
}
