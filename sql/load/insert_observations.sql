-- Insert the accepted rows of one payload straight from the registered Arrow
-- view into observations, inside the run's transaction. There is no staging
-- copy: a 5,000,000-row CSV spent 13 s staging and 12 s inserting from the
-- staging table, on top of decoding (BENCHMARKS.md, finding 11). Rows that
-- turn out to repeat a row of the same payload (duplicates.sql) or the
-- warehouse's newest value (delete_unchanged.sql) are deleted afterwards;
-- until the run commits nobody else sees them. The view's origin column is
-- built by the loader (load/scan.go) from sheet, row, column and locator.
--
-- The loader disables DuckDB's unused-column pruning for this statement:
-- duckdb-go's Arrow views ignore the projection DuckDB asks for, so a pruned
-- scan reads the wrong columns. {{view}} is a name the loader generates.
-- $1 source_name, $2 payload_id, $3 vintage, $4 run_id
INSERT INTO observations
SELECT series_id, indicator_code, geo_code, period_kind, period_start, period_end,
       value, unit, obs_status, $1, $2, $3, $4, origin, citation
FROM {{view}}
WHERE reject_reason IS NULL;
