package sqlfiles_test

import (
	"context"
	"path/filepath"
	"testing"

	_ "github.com/hanoi-sti/chitieu/extract/all"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
	sqlfiles "github.com/hanoi-sti/chitieu/sql"
)

// TestExampleQueries runs every query in sql/queries against a warehouse
// loaded with the bundled sample sources: each must run and return rows.
func TestExampleQueries(t *testing.T) {
	ctx := context.Background()
	w, err := load.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cfg, err := schedules.LoadConfig(filepath.Join("..", "schedules", "sources.toml"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := (&schedules.Pipeline{Warehouse: w}).Run(ctx, cfg, cfg.Sources, "test", "")
	if err != nil || sum.Status != "succeeded" {
		t.Fatalf("load the sample sources: %+v, %v", sum, err)
	}
	queries, err := sqlfiles.Queries()
	if err != nil {
		t.Fatal(err)
	}
	if len(queries) < 4 {
		t.Fatalf("%d example queries", len(queries))
	}
	for name, q := range queries {
		rows, err := w.DB().QueryContext(ctx, q)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		n := 0
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		rows.Close()
		if n == 0 && name != "rejections" {
			t.Errorf("%s returned no rows on the sample data", name)
		}
	}
}

func TestMigrationsAreNumbered(t *testing.T) {
	migs, err := sqlfiles.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range migs {
		if m.Version != i+1 {
			t.Errorf("migration %d is numbered %03d; versions must run 001, 002, … without gaps", i+1, m.Version)
		}
	}
}
