-- The second and later rows of one just-inserted payload that give the same
-- series, place and period: the payload contradicts (or repeats) itself, and
-- only its first row, in payload order, is kept. reject_duplicates.sql moves
-- them to rejected_rows, delete_duplicates.sql takes them out.
--
-- A set operation over the whole payload, so it runs in DuckDB, which sorts
-- within its memory limit and spills beyond it: a hash set of every row in
-- the normaliser grew with the file (19 MB of a 187 MB peak at 1,000,000
-- rows). rowid follows insertion order, which is payload order.
-- {{dups}} is a name the loader generates. $1 payload_id
CREATE TEMP TABLE {{dups}} AS
SELECT rid, first_at
FROM (
    SELECT rowid AS rid,
           row_number() OVER w AS n,
           first_value(origin) OVER w AS first_at
    FROM observations
    WHERE payload_id = $1
    WINDOW w AS (PARTITION BY series_id, geo_code, period_start, period_end ORDER BY rowid)
)
WHERE n > 1;
