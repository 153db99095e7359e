package load_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/hanoi-sti/chitieu/extract/all"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/schedules"
)

// sampleWarehouse loads the bundled sample sources into a new warehouse.
func sampleWarehouse(t *testing.T) *load.Warehouse {
	t.Helper()
	ctx := context.Background()
	w := mustOpenWarehouse(t, "")
	cfg, err := schedules.LoadConfig(filepath.Join("..", "schedules", "sources.toml"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := (&schedules.Pipeline{Warehouse: w}).Run(ctx, cfg, cfg.Sources, "test", "")
	if err != nil || sum.Status != "succeeded" {
		t.Fatalf("load the sample sources: %+v, %v", sum, err)
	}
	return w
}

func TestExport(t *testing.T) {
	ctx := context.Background()
	w := sampleWarehouse(t)
	for _, format := range load.ExportFormats {
		t.Run(format, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "export")
			var steps []string
			m, err := w.Export(ctx, load.ExportOptions{Format: format, Dir: dir,
				Progress: func(table string, done, total int) { steps = append(steps, table) },
				Now:      func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }})
			if err != nil {
				t.Fatal(err)
			}
			if len(steps) != len(m.Tables)+1 {
				t.Errorf("progress called %d times for %d tables", len(steps), len(m.Tables))
			}
			// The manifest on disk is the one returned.
			b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
			if err != nil {
				t.Fatal(err)
			}
			var disk load.Manifest
			if err := json.Unmarshal(b, &disk); err != nil {
				t.Fatal(err)
			}
			if disk.Format != format || disk.Warehouse != m.Warehouse || !disk.ExportedAt.Equal(m.ExportedAt) || len(disk.Tables) != len(m.Tables) {
				t.Errorf("manifest on disk differs: %+v", disk)
			}
			if !filepath.IsAbs(disk.Warehouse) || disk.SchemaVersion < 2 || disk.ExportedAt.Year() != 2026 {
				t.Errorf("manifest header: %+v", disk)
			}
			tables := map[string]load.ExportTable{}
			for _, tb := range disk.Tables {
				tables[tb.Name] = tb
				// Every file listed exists with its size and hash.
				for _, f := range tb.Files {
					data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
					if err != nil {
						t.Fatal(err)
					}
					sum := sha256.Sum256(data)
					if int64(len(data)) != f.Bytes || hex.EncodeToString(sum[:]) != f.SHA256 {
						t.Errorf("%s: manifest says %d bytes %s, file has %d bytes", f.Path, f.Bytes, f.SHA256, len(data))
					}
				}
				if len(tb.Columns) == 0 {
					t.Errorf("%s: no schema", tb.Name)
				}
			}
			// Row counts match the warehouse.
			for name, q := range map[string]string{
				"observations": "SELECT count(*) FROM observations",
				"kpi_status":   "SELECT count(*) FROM kpi_status",
				"kpi_values":   "SELECT count(*) FROM kpi_values",
				"plan_tasks":   "SELECT count(*) FROM plan_tasks",
			} {
				if got, want := tables[name].Rows, count(t, w, q); got != want || want == 0 {
					t.Errorf("%s: manifest %d rows, warehouse %d", name, got, want)
				}
			}
			// Hive partitions by indicator and year.
			obs := tables["observations"]
			if strings.Join(obs.PartitionBy, ",") != "indicator_code,year" {
				t.Errorf("observations partitioned by %v", obs.PartitionBy)
			}
			part := filepath.Join(dir, "observations", "indicator_code=KPI1_TFP_SHARE", "year=2024")
			if _, err := os.Stat(part); err != nil {
				t.Errorf("no partition directory: %v", err)
			}
			if len(obs.Files) < 10 {
				t.Errorf("observations in %d files; want one per indicator and year", len(obs.Files))
			}
			var sawPartitionCol bool
			for _, c := range obs.Columns {
				if c.Name == "indicator_code" && c.Partition && c.Type == "VARCHAR" {
					sawPartitionCol = true
				}
			}
			if !sawPartitionCol {
				t.Errorf("observations schema does not mark indicator_code as a partition column: %+v", obs.Columns)
			}

			// Another reader (here DuckDB itself) reads the partitioned files
			// back with the partition columns restored.
			if format == "parquet" {
				var n int64
				var v float64
				err := w.DB().QueryRowContext(ctx, `SELECT count(*), sum(value) FILTER (WHERE indicator_code = 'KPI1_TFP_SHARE' AND year = 2024)
					FROM read_parquet(?, hive_partitioning = true)`, filepath.Join(dir, "observations", "**", "*.parquet")).Scan(&n, &v)
				if err != nil {
					t.Fatal(err)
				}
				var want float64
				if err := w.DB().QueryRowContext(ctx, `SELECT sum(value) FROM observations
					WHERE indicator_code = 'KPI1_TFP_SHARE' AND year(period_start) = 2024`).Scan(&want); err != nil {
					t.Fatal(err)
				}
				if n != count(t, w, "SELECT count(*) FROM observations") || v != want {
					t.Errorf("read back %d rows, KPI1 2024 = %v; warehouse has %v", n, v, want)
				}
			}

			// A second export to the same directory is refused; nothing is
			// left behind but the first export.
			if _, err := w.Export(ctx, load.ExportOptions{Format: format, Dir: dir}); err == nil || !strings.Contains(err.Error(), "not empty") {
				t.Errorf("export over an existing export: %v", err)
			}
			entries, _ := os.ReadDir(filepath.Dir(dir))
			if len(entries) != 1 {
				t.Errorf("left in the parent directory: %v", entries)
			}
		})
	}
}

func TestExportBadFormat(t *testing.T) {
	w := mustOpenWarehouse(t, "")
	if _, err := w.Export(context.Background(), load.ExportOptions{Format: "xlsx", Dir: t.TempDir()}); err == nil {
		t.Error("export as xlsx did not fail")
	}
}
