-- Insert the accepted rows of a staged payload. A row is skipped when the
-- newest vintage already in the warehouse for the same series, place and
-- period (newest_values.sql) holds the same value and status: re-loading a
-- source loads nothing twice, and a revision adds only what changed.
-- $1 source_name, $2 payload_id, $3 vintage, $4 run_id
INSERT INTO observations
SELECT s.series_id, s.indicator_code, s.geo_code, s.period_kind, s.period_start, s.period_end,
       s.value, s.unit, s.obs_status, $1, $2, $3, $4,
       concat_ws(' ', '[' || s.sheet || ']', s.col || CAST(s.row_no AS VARCHAR), s.locator)
FROM {{stage}} s
LEFT JOIN {{stage}}_newest l
    ON l.series_id = s.series_id
   AND l.geo_code IS NOT DISTINCT FROM s.geo_code
   AND l.period_start = s.period_start
   AND l.period_end = s.period_end
WHERE s.reject_reason IS NULL
  AND NOT (l.series_id IS NOT NULL
           AND l.value IS NOT DISTINCT FROM s.value
           AND l.obs_status IS NOT DISTINCT FROM s.obs_status);
