// Package sqlfiles holds every SQL statement chitieu runs, as .sql files
// embedded in the binary: numbered schema migrations, the views analysts
// query, the statements the loader runs, and documented example queries.
// Keeping SQL out of Go strings lets analysts read and reuse it, and lets a
// reviewer diff the warehouse's definition in one place.
//
// A few statements stay in Go because they are not data statements or
// their text is built from names only the code knows: transaction control
// (BEGIN TRANSACTION, COMMIT, ROLLBACK in load/run.go), the SET that turns
// off the optimiser for the Arrow statements, DROP VIEW / DROP TABLE of a
// staging name, the DELETE FROM each reference table before it is seeded
// again, the existence check of the newest-values relation, and the COPY,
// count and LIMIT 0 wrappers 'chitieu export' puts around an export's
// query (the query itself is a file here).
//
// Import it as sqlfiles: the directory name clashes with database/sql.
package sqlfiles

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
)

//go:embed schema/*.sql views/*.sql load/*.sql queries/*.sql
var files embed.FS

// Migration is one numbered schema file, schema/NNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

var migrationName = regexp.MustCompile(`^(\d{3})_([a-z0-9_]+)\.sql$`)

// Migrations returns the schema migrations in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(files, "schema")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("sql/schema/%s: migration files are named NNN_name.sql", e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		body, err := files.ReadFile("schema/" + e.Name())
		if err != nil {
			return nil, err
		}
		if len(out) > 0 && out[len(out)-1].Version == v {
			return nil, fmt.Errorf("sql/schema: two migrations numbered %03d", v)
		}
		out = append(out, Migration{Version: v, Name: m[2], SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Views returns the view definitions in file-name order. They are
// re-created (CREATE OR REPLACE) whenever the warehouse is opened for
// writing, so a new release's views replace the old ones.
func Views() ([]string, error) { return dir("views") }

// Queries returns the example queries for analysts, by name (file name
// without .sql).
func Queries() (map[string]string, error) {
	names, err := fs.Glob(files, "queries/*.sql")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out[path.Base(n[:len(n)-4])] = string(b)
	}
	return out, nil
}

// Column runs the statement name of load/ and returns its first column as
// text: the short lists (plans, reviews) an error message names.
func Column(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, name string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, Load(name), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Load returns a statement the loader runs, by file name in load/.
func Load(name string) string {
	b, err := files.ReadFile("load/" + name + ".sql")
	if err != nil {
		panic("sqlfiles: missing load/" + name + ".sql") // a build defect, caught by tests
	}
	return string(b)
}

func dir(d string) ([]string, error) {
	entries, err := fs.ReadDir(files, d)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		b, err := files.ReadFile(d + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, string(b))
	}
	return out, nil
}
