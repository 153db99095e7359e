package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hanoi-sti/chitieu/load"
	sqlfiles "github.com/hanoi-sti/chitieu/sql"
)

func init() {
	commands["sql"] = command{"run SQL against the warehouse (read-only by default)", sqlCmd}
}

func sqlCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("sql", "[flags] [QUERY]", `Runs SQL against the warehouse and prints the result. The query is the
argument, a file (-f), one of the documented example queries (--run NAME;
--list shows them), or standard input when none is given.

The warehouse is opened read-only, so a query cannot change it by accident;
--write opens it for writing (UPDATE, DELETE, CREATE …) as every writer
does: it takes the writer lock (<db>.lock), or fails naming the chitieu that
holds it (--wait to queue behind it), and publishes the readers' snapshot
afterwards.

Plans: the example queries show the plan of --plan (its id or number),
else the plan in force today; in a query of your own, chosen_plan() is that
plan (WHERE plan_id = chosen_plan()).

Parameters: --param name=value binds $name in the query (repeat the flag for
more). A value that looks like an integer, a number or true/false is bound as
one; anything else as text.

Examples:
  chitieu sql "SELECT * FROM kpi_status WHERE year = 2024"
  chitieu sql --format csv "SELECT * FROM observations_traced" > obs.csv
  chitieu sql -f my_query.sql --param year=2023 --format md
  chitieu sql --list
  chitieu sql --run gap_to_target`, e.stderr)
	db := dbFlag(fs)
	format := formatFlag(fs)
	file := fs.StringP("file", "f", "", "read the query from this file (- for standard input)")
	params := fs.StringArray("param", nil, "bind $NAME to VALUE: name=value (repeatable)")
	list := fs.Bool("list", false, "list the documented example queries (sql/queries) and exit")
	run := fs.String("run", "", "run the example query NAME (see --list)")
	write := fs.Bool("write", false, "open the warehouse for writing, so the query may change it")
	planName := planFlag(fs, "the plan chosen_plan() and the example queries mean")
	wait := fs.Duration("wait", 0, "with --write: if another chitieu is writing the warehouse, wait this long for it instead of failing")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if *list {
		return listQueries(e.stdout)
	}
	query, origin, err := queryText(e, fs.Args(), *file, *run)
	if err != nil {
		return err
	}
	bind, err := parseParams(*params)
	if err != nil {
		return err
	}
	if !*write {
		// While a run writes, readers get the last committed snapshot.
		w, err := openForReading(ctx, e, *db)
		if err != nil {
			return err
		}
		defer w.Close()
		return runQuery(ctx, e, w, origin, query, bind, *format, false, *planName)
	}
	// A typo in --db must not create an empty warehouse.
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("open warehouse %s: %w (run 'chitieu run' first to create it)", *db, err)
	}
	done, err := load.Write(ctx, *db, load.WriteOptions{Options: load.Options{Logger: e.log}, Wait: *wait, Command: "chitieu sql --write", Snapshot: true},
		func(ctx context.Context, w *load.Warehouse) error {
			return runQuery(ctx, e, w, origin, query, bind, *format, true, *planName)
		})
	if err != nil {
		return err
	}
	if done.SnapshotErr != nil {
		fmt.Fprintf(e.stderr, "chitieu sql: readers' snapshot NOT updated: %v\n", done.SnapshotErr)
	}
	return nil
}

// runQuery runs the query and prints its rows. A plan named (--plan) is
// set for the query's session as the variable chosen_plan() reads.
func runQuery(ctx context.Context, e *env, w *load.Warehouse, origin, query string, bind []any, format string, write bool, planName string) error {
	conn, err := w.DB().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if planName != "" {
		p, err := choosePlan(ctx, w, planName)
		if err != nil {
			return err
		}
		// the id is one of the warehouse's own (ResolvePlan found it)
		if _, err := conn.ExecContext(ctx, "SET VARIABLE plan = '"+strings.ReplaceAll(p.ID, "'", "''")+"'"); err != nil {
			return fmt.Errorf("--plan %s: %w", planName, err)
		}
	}
	rows, err := conn.QueryContext(ctx, query, bind...)
	if err != nil {
		if missing := missingParams(query, bind); len(missing) > 0 && strings.Contains(err.Error(), "argument count") {
			return usageError{fmt.Sprintf("%s uses %s but no value was given: add --param %s=VALUE", origin,
				"$"+strings.Join(missing, ", $"), strings.Join(missing, "=VALUE --param "))}
		}
		return queryError(origin, query, err, write)
	}
	defer rows.Close()
	if _, err := printRows(e.stdout, rows, format); err != nil {
		return queryError(origin, query, err, write)
	}
	return rows.Err()
}

// queryText finds the query: the argument, a file, a named example query,
// or standard input. origin names where it came from, for error messages.
func queryText(e *env, args []string, file, run string) (query, origin string, err error) {
	given := 0
	for _, b := range []bool{len(args) > 0, file != "", run != ""} {
		if b {
			given++
		}
	}
	if given > 1 {
		return "", "", usageError{"give the query as an argument, with -f FILE or with --run NAME, not more than one"}
	}
	switch {
	case run != "":
		queries, err := sqlfiles.Queries()
		if err != nil {
			return "", "", err
		}
		q, ok := queries[run]
		if !ok {
			return "", "", usageError{fmt.Sprintf("no example query %q (see 'chitieu sql --list')", run)}
		}
		return q, "sql/queries/" + run + ".sql", nil
	case file == "-":
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return "", "", fmt.Errorf("read query from standard input: %w", err)
		}
		query, origin = string(b), "standard input"
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", "", fmt.Errorf("read query: %w", err)
		}
		query, origin = string(b), file
	case len(args) > 0:
		query, origin = strings.Join(args, " "), "query"
	default:
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return "", "", fmt.Errorf("read query from standard input: %w", err)
		}
		query, origin = string(b), "standard input"
	}
	if strings.TrimSpace(query) == "" {
		return "", "", usageError{"no query given"}
	}
	return query, origin, nil
}

// listQueries prints each example query's name and the first line of its
// leading comment, which says what it answers.
func listQueries(w io.Writer) error {
	queries, err := sqlfiles.Queries()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(queries))
	width := 0
	for n := range queries {
		names = append(names, n)
		width = max(width, utf8.RuneCountInString(n))
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "%-*s  %s\n", width, n, queryDescription(queries[n]))
	}
	fmt.Fprintln(w, "\nRun one with 'chitieu sql --run NAME'; each is documented in sql/queries/NAME.sql.")
	return nil
}

func queryDescription(q string) string {
	for _, l := range strings.Split(q, "\n") {
		l = strings.TrimSpace(l)
		if d, ok := strings.CutPrefix(l, "--"); ok {
			return strings.TrimSpace(d)
		}
		if l != "" {
			break
		}
	}
	return ""
}

// parseParams turns name=value pairs into named arguments ($name).
// Numbers and booleans are bound typed, so "$year = 2023" compares integers.
func parseParams(pairs []string) ([]any, error) {
	var out []any
	seen := map[string]bool{}
	for _, p := range pairs {
		name, value, ok := strings.Cut(p, "=")
		name = strings.TrimPrefix(strings.TrimSpace(name), "$")
		if !ok || name == "" {
			return nil, usageError{fmt.Sprintf("--param %q: want name=value", p)}
		}
		if seen[name] {
			return nil, usageError{fmt.Sprintf("--param %s given twice", name)}
		}
		seen[name] = true
		out = append(out, sql.Named(name, typedParam(value)))
	}
	return out, nil
}

// missingParams lists the $name parameters the query uses that bind does
// not give, in order of first use. DuckDB's own error ("incorrect argument
// count for command: have 0 want 1") names none. Quoted strings, quoted
// identifiers and comments are skipped, so '$5' in a string is no parameter.
func missingParams(query string, bind []any) []string {
	given := map[string]bool{}
	for _, b := range bind {
		if n, ok := b.(sql.NamedArg); ok {
			given[n.Name] = true
		}
	}
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(query); i++ {
		switch c := query[i]; {
		case c == '\'' || c == '"':
			if j := strings.IndexByte(query[i+1:], c); j >= 0 {
				i += j + 1
			} else {
				i = len(query)
			}
		case strings.HasPrefix(query[i:], "--"):
			if j := strings.IndexByte(query[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(query)
			}
		case strings.HasPrefix(query[i:], "/*"):
			if j := strings.Index(query[i+2:], "*/"); j >= 0 {
				i += j + 3
			} else {
				i = len(query)
			}
		case c == '$':
			j := i + 1
			for j < len(query) && (query[j] == '_' || unicode.IsLetter(rune(query[j])) || (j > i+1 && unicode.IsDigit(rune(query[j])))) {
				j++
			}
			if name := query[i+1 : j]; name != "" && !given[name] && !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
			i = j - 1
		}
	}
	return out
}

func typedParam(v string) any {
	if i, err := strconv.ParseInt(v, 10, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return f
	}
	if b, err := strconv.ParseBool(v); err == nil && (v == "true" || v == "false") {
		return b
	}
	return v
}

// queryError says where a query failed. DuckDB marks the position of most
// errors itself (LINE n: … with a caret); for those it does not, such as a
// query cut short, the position is added here.
func queryError(origin, query string, err error, write bool) error {
	msg := err.Error()
	if !write && strings.Contains(msg, "read-only") {
		return fmt.Errorf("%s: %w\n(the warehouse is opened read-only; add --write to change it)", origin, err)
	}
	if strings.Contains(msg, "at end of input") && !strings.Contains(msg, "LINE ") {
		trimmed := strings.TrimRight(query, " \t\r\n;")
		lines := strings.Split(trimmed, "\n")
		last := lines[len(lines)-1]
		return fmt.Errorf("%s: %w\nLINE %d: %s\n%s^ (the query ends here)", origin, err, len(lines), last,
			strings.Repeat(" ", len(fmt.Sprintf("LINE %d: ", len(lines)))+utf8.RuneCountInString(last)))
	}
	return fmt.Errorf("%s: %w", origin, err)
}
