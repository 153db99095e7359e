package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"
)

// formats the sql and kpi commands print: an aligned table for the
// terminal, CSV for spreadsheets, JSON lines for programs, and a Markdown
// table for pasting into documents and wikis.
var formats = []string{"table", "csv", "json", "md"}

// formatFlag is the --format flag of the commands that print query rows
// (printRows); checkFormat validates it once the flags are parsed.
func formatFlag(fs *pflag.FlagSet) *string {
	return fs.String("format", "table", "output format: table, csv, json (JSON lines) or md (Markdown)")
}

func checkFormat(f string) error {
	for _, ok := range formats {
		if f == ok {
			return nil
		}
	}
	return usageError{fmt.Sprintf("unknown format %q (want %s)", f, strings.Join(formats, ", "))}
}

// printRows writes a query result as an aligned table, CSV, JSON lines or
// a Markdown table.
func printRows(w io.Writer, rows *sql.Rows, format string) (int, error) {
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var table [][]string
	cw := csv.NewWriter(w)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if format == "csv" {
		cw.Write(cols)
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
		switch format {
		case "json":
			obj := make(map[string]any, len(cols))
			for i, c := range cols {
				obj[c] = jsonValue(vals[i])
			}
			if err := enc.Encode(obj); err != nil {
				return n, err
			}
		default:
			rec := make([]string, len(cols))
			for i := range vals {
				rec[i] = text(vals[i])
			}
			if format == "csv" {
				cw.Write(rec)
			} else {
				table = append(table, rec)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	switch format {
	case "csv":
		cw.Flush()
		return n, cw.Error()
	case "table":
		writeTable(w, cols, table)
	case "md":
		writeMarkdown(w, cols, table)
	}
	return n, nil
}

// writeMarkdown writes a GitHub-flavoured Markdown table; a pipe or a line
// break inside a cell would end the cell or the row, so they are escaped.
func writeMarkdown(w io.Writer, cols []string, rows [][]string) {
	cell := strings.NewReplacer("|", `\|`, "\r\n", "<br>", "\n", "<br>")
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" ")
			b.WriteString(cell.Replace(c))
			b.WriteString(" |")
		}
		fmt.Fprintln(w, b.String())
	}
	line(cols)
	sep := make([]string, len(cols))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
}

func writeTable(w io.Writer, cols []string, rows [][]string) {
	width := make([]int, len(cols))
	for i, c := range cols {
		width[i] = utf8.RuneCountInString(c)
	}
	for _, r := range rows {
		for i, v := range r {
			width[i] = max(width[i], utf8.RuneCountInString(v))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, v := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(v)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(v)))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(cols)
	sep := make([]string, len(cols))
	for i := range cols {
		sep[i] = strings.Repeat("─", width[i])
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
	fmt.Fprintf(w, "(%d rows)\n", len(rows))
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		if math.Abs(x) >= 1e15 || x == math.Trunc(x) {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
	case float32:
		return text(float64(x))
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.UTC().Format("2006-01-02 15:04:05")
	case []byte:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = text(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	default:
		return fmt.Sprint(x)
	}
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case []byte:
		return string(x)
	case time.Time:
		return text(x)
	}
	return v
}
