package excel

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/yearbook"
)

// The World Bank's DataBank (databank.worldbank.org) downloads a query as
// a workbook with a "Data" sheet in one layout, whatever the database:
//
//	Country Name | Country Code | Series Name | Series Code | 1960 [YR1960] | 1961 [YR1961] | …
//	Afghanistan  | AFG          | GDP (current US$) | NY.GDP.MKTP.CD | .. | 537777811.1 | …
//	…
//	(two blank rows)
//	Data from database: World Development Indicators
//	Last Updated: 06/30/2025
//
// plus "Country - Metadata" and "Series - Metadata" sheets that describe the
// data and hold none. The table finder would take the codes for labels and
// "AFG YR1960" for a period; this reader takes the country code for the
// place, the series code for the series (the World Bank API's indicator id,
// so both sources name a series alike), the year in brackets for the
// period, ".." for missing and the "Last Updated" date for the vintage.
// Quarterly and monthly databases write "2020Q1 [YR2020Q1]" and "2020M01
// [YR2020M01]"; their period is read the same way.

// dataBankYearRE matches a DataBank period column header and captures the
// period inside its brackets.
var dataBankYearRE = regexp.MustCompile(`^\s*\S+\s*\[YR([0-9]{4}(?:[QM][0-9]{1,2})?)\]\s*$`)

// dataBankCols are the columns of a DataBank data sheet, by position.
type dataBankCols struct {
	country, countryName, series, seriesName int
	periods                                  map[int]string
	other                                    map[int]string // further "X Code" columns: dimensions
}

// dataBankHeader reads a header row; ok is false unless it has a Series
// Code column, a country (or economy) code column and at least one period.
func dataBankHeader(cells []string) (dataBankCols, bool) {
	c := dataBankCols{country: -1, countryName: -1, series: -1, seriesName: -1, periods: map[int]string{}, other: map[int]string{}}
	for i, s := range cells {
		s = strings.TrimSpace(s)
		switch strings.ToLower(s) {
		case "series code":
			c.series = i
		case "series name", "series":
			c.seriesName = i
		case "country code", "economy code":
			c.country = i
		case "country name", "country", "economy", "economy name":
			c.countryName = i
		default:
			if m := dataBankYearRE.FindStringSubmatch(s); m != nil {
				c.periods[i] = m[1]
			} else if strings.HasSuffix(strings.ToLower(s), " code") {
				c.other[i] = strings.TrimSuffix(s[:len(s)-len(" code")], " ")
			}
		}
	}
	return c, c.series >= 0 && c.country >= 0 && len(c.periods) > 0
}

// isDataBankMetadata reports whether a sheet is one of DataBank's metadata
// sheets ("Country - Metadata", "Series - Metadata", "Footnote - Metadata").
func isDataBankMetadata(name string) bool {
	return strings.HasSuffix(strings.ToLower(strings.TrimSpace(name)), "- metadata")
}

// findDataBank returns the sheet laid out as a DataBank download, if any:
// its first non-empty row is a DataBank header. Only a sheet named "Data",
// or the first sheet of a workbook with "… - Metadata" sheets, is opened:
// opening a sheet of a large workbook costs a pass over its XML.
func findDataBank(f *excelize.File) (string, bool, error) {
	sheets := f.GetSheetList()
	var candidates []string
	for _, name := range sheets {
		if strings.EqualFold(strings.TrimSpace(name), "data") {
			candidates = append(candidates, name)
		}
	}
	if len(candidates) == 0 && slices.ContainsFunc(sheets, isDataBankMetadata) && !isDataBankMetadata(sheets[0]) {
		candidates = append(candidates, sheets[0])
	}
	for _, name := range candidates {
		rows, err := f.Rows(name)
		if err != nil {
			return "", false, err
		}
		for n := 0; rows.Next() && n < 5; n++ {
			cells, err := rows.Columns()
			if err != nil {
				break
			}
			if len(cells) == 0 {
				continue
			}
			if _, ok := dataBankHeader(cells); ok {
				rows.Close()
				return name, true, nil
			}
			break
		}
		rows.Close()
	}
	return "", false, nil
}

// dataBankFooter reads the notes below the data: the database's name and
// the date it was last updated (MM/DD/YYYY, as the World Bank writes it).
func dataBankFooter(cells []string, info *extract.Info) bool {
	first := ""
	for _, s := range cells {
		if s = strings.TrimSpace(s); s != "" {
			first = s
			break
		}
	}
	l := strings.ToLower(first)
	switch {
	case strings.HasPrefix(l, "data from database:"):
		info.Title = strings.TrimSpace(first[len("data from database:"):])
		return true
	case strings.HasPrefix(l, "last updated:"):
		d := strings.TrimSpace(first[len("last updated:"):])
		for _, layout := range []string{"01/02/2006", "1/2/2006", "2006-01-02"} {
			if t, err := time.Parse(layout, d); err == nil {
				info.Vintage = t
				break
			}
		}
		return true
	}
	return false
}

// decodeDataBank reads the DataBank sheet: once for the footer (the
// vintage must be known before the first row is sent), then row by row.
func decodeDataBank(ctx context.Context, f *excelize.File, p extract.Payload, sheet string, out extract.Sink) error {
	for _, name := range f.GetSheetList() {
		if name != sheet {
			slog.Info("xlsx: World Bank DataBank sheet skipped, it holds no data", "uri", p.URI, "sheet", name)
		}
	}
	org := extract.Origin{URI: p.URI, Sheet: sheet}
	info := extract.Info{Publisher: "World Bank DataBank"}
	rows, err := f.Rows(sheet)
	if err != nil {
		return &extract.DecodeError{Origin: org, Err: err}
	}
	for rows.Next() {
		cells, err := rows.Columns()
		if err != nil {
			rows.Close()
			return &extract.DecodeError{Origin: org, Err: err}
		}
		dataBankFooter(cells, &info)
	}
	rows.Close()
	out.Describe(info)

	rows, err = f.Rows(sheet)
	if err != nil {
		return &extract.DecodeError{Origin: org, Err: err}
	}
	defer rows.Close()
	var cols dataBankCols
	header := false
	num := 0
	for rows.Next() {
		num++
		if num%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet, Row: num}, Err: err}
		}
		if !header {
			if cols, header = dataBankHeader(cells); !header && len(cells) > 0 {
				return &extract.DecodeError{Origin: extract.Origin{URI: p.URI, Sheet: sheet, Row: num}, Err: fmt.Errorf("not a DataBank header")}
			}
			continue
		}
		cell := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[i])
		}
		series, geo := cell(cols.series), cell(cols.country)
		if series == "" && geo == "" {
			continue // the blank rows and notes below the data
		}
		if geo == "" {
			geo = cell(cols.countryName)
		}
		var dims map[string]string
		for i, name := range cols.other {
			if v := cell(i); v != "" {
				if dims == nil {
					dims = map[string]string{}
				}
				dims[name] = v
			}
		}
		for c := range len(cells) {
			period, ok := cols.periods[c]
			if !ok || cell(c) == "" {
				continue
			}
			err := out.Row(extract.RawRow{
				Origin:     extract.Origin{URI: p.URI, Sheet: sheet, Row: num, Column: yearbook.ColumnLetter(c)},
				Series:     series,
				SeriesName: cell(cols.seriesName),
				Dims:       dims,
				Geo:        geo,
				Period:     period,
				Value:      cell(c),
			})
			if err != nil {
				return err
			}
		}
	}
	if err := rows.Error(); err != nil {
		return &extract.DecodeError{Origin: org, Err: err}
	}
	if !header {
		return &extract.DecodeError{Origin: org, Err: fmt.Errorf("DataBank sheet without a header row")}
	}
	return nil
}
