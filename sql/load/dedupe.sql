-- Reject the second and later rows of one staged payload that give the same
-- series, place and period: the payload contradicts (or repeats) itself, and
-- only its first row, in payload order, is loaded. The rejection names where
-- the first one is.
--
-- This is a set operation over the whole payload, so it runs here rather
-- than in the normaliser: a hash set of every row there grew with the file
-- (19 MB of a 187 MB peak at 1,000,000 rows), while DuckDB sorts within its
-- memory limit and spills beyond it. rowid is the order the rows were
-- staged in, which is payload order.
UPDATE {{stage}} AS s
SET reject_reason = 'duplicate: series ' || coalesce(nullif(trim(s.raw_series), ''), s.series_id)
        || ', geography ' || coalesce(s.geo_code, '')
        || ', period ' || coalesce(trim(s.raw_period), '')
        || ' appears earlier in this payload (' || d.first_at || ')'
FROM (
    SELECT rowid AS rid,
           row_number() OVER w AS n,
           first_value(concat_ws(' ',
               '[' || sheet || ']',
               CASE WHEN regexp_full_match(col, '[A-Z]{1,3}') AND row_no IS NOT NULL
                    THEN col || CAST(row_no AS VARCHAR)
                    ELSE concat_ws(' ', 'row ' || CAST(row_no AS VARCHAR), 'column ' || col) END,
               'key ' || locator)) OVER w AS first_at
    FROM {{stage}}
    WHERE reject_reason IS NULL
    WINDOW w AS (PARTITION BY series_id, geo_code, period_start, period_end ORDER BY rowid)
) d
WHERE s.rowid = d.rid AND d.n > 1
RETURNING s.value IS NULL AS missing;
