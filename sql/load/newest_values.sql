-- The newest value already in the warehouse for each series, place and
-- period of one source, taken before the source's payload is inserted, for
-- delete_unchanged.sql to compare with. Series ids begin with their source's
-- name, so a payload can only revise its own source's rows.
--
-- A table of its own rather than part of a bigger statement: as one
-- statement, the window's sort and a join's hash table held memory at the
-- same time, and a 1,000,000-row revision of a 200,000-row source ran out of
-- a 96 MB DuckDB memory limit; in separate statements it fits.
-- {{newest}} is a name the loader generates. $1 source_name
CREATE TEMP TABLE {{newest}} AS
SELECT series_id, geo_code, period_start, period_end, value, obs_status
FROM observations
WHERE source_name = $1
QUALIFY row_number() OVER (
    PARTITION BY series_id, geo_code, period_start, period_end
    ORDER BY vintage DESC, payload_id DESC) = 1;
