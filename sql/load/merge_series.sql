-- Record the series of a staged payload that the warehouse does not know
-- yet, all in one statement. {{view}} reads the series the loader set aside
-- as the payload's batches went by (load/scan.go); a series may be there
-- more than once, so one of each is kept.
--
-- Written for memory: neither Go nor DuckDB holds all of a payload's series
-- at once. QUALIFY row_number() keeps one of each id within a 64 MB limit
-- where DISTINCT ON, GROUP BY and INSERT OR IGNORE ran out of memory on
-- 300,000 long-named series, and series has no index for the insert to
-- grow (sql/schema/006_series_unindexed.sql): this statement is what keeps
-- series_id unique. One parameterised INSERT per series took 60 of the
-- 65 s a 50,000-series CSV needed. {{view}} is a name the loader generates.
-- $1 source_name, $2 payload_id
INSERT INTO series
SELECT t.series_id, $1, t.source_code, t.name, t.unit, t.dims, t.indicator_code, $2
FROM {{view}} AS t
WHERE NOT EXISTS (SELECT 1 FROM series s WHERE s.series_id = t.series_id)
QUALIFY row_number() OVER (PARTITION BY t.series_id) = 1;
