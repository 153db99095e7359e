-- Whether any series, place and period may occur twice among the rows of
-- one just-inserted payload; duplicates.sql, exact, runs only if so. Most
-- payloads have none. Counting distinct hashes of the key is half the work
-- of grouping by the four columns (1.0 s against 2.0 s over 5,000,000 rows
-- on one thread); two keys sharing a hash only make duplicates.sql run and
-- find nothing.
-- $1 payload_id
SELECT count(*) <> count(DISTINCT hash(series_id, geo_code, period_start, period_end))
FROM observations
WHERE payload_id = $1;
