package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hanoi-sti/chitieu/load"
)

func init() {
	commands["sql"] = command{"run SQL against the warehouse (read-only by default)", sqlCmd}
}

func sqlCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("sql", "[flags] [QUERY]", `Runs SQL against the warehouse and prints the result. The query is the
argument, or standard input when there is none. The warehouse is opened
read-only, so a query cannot change it.

Examples:
  chitieu sql "SELECT * FROM kpi_status WHERE year = 2024"
  chitieu sql --format csv "SELECT * FROM observations_traced" > obs.csv`, e.stderr)
	db := dbFlag(fs)
	format := fs.String("format", "table", "output format: table, csv or json (JSON lines)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(query) == "" {
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return err
		}
		query = string(b)
	}
	if strings.TrimSpace(query) == "" {
		return usageError{"no query given"}
	}
	w, err := load.Open(ctx, *db, load.Options{ReadOnly: true, Logger: e.log})
	if err != nil {
		return err
	}
	defer w.Close()
	rows, err := w.DB().QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	_, err = printRows(e.stdout, rows, *format)
	return err
}
