-- Take back the rows of one just-inserted payload that say what the
-- warehouse already said: the newest vintage for the same series, place and
-- period (newest_values.sql) holds the same value and status. Re-loading a
-- source adds nothing twice, and a revision adds only what changed.
-- {{newest}} is a name the loader generates. $1 payload_id
DELETE FROM observations AS o
USING {{newest}} AS l
WHERE o.payload_id = $1
  AND l.series_id = o.series_id
  AND l.geo_code IS NOT DISTINCT FROM o.geo_code
  AND l.period_start = o.period_start
  AND l.period_end = o.period_end
  AND l.value IS NOT DISTINCT FROM o.value
  AND l.obs_status IS NOT DISTINCT FROM o.obs_status;
