-- The newest value already in the warehouse for each series, place and
-- period of one staged payload, for merge_observations.sql to compare with.
--
-- A table of its own rather than a subquery of the merge: as one statement,
-- the window's sort and the join's hash table held memory at the same time,
-- and a 1,000,000-row revision of a 200,000-row source ran out of a 96 MB
-- DuckDB memory limit; in two statements it fits.
CREATE TEMP TABLE {{stage}}_newest AS
SELECT series_id, geo_code, period_start, period_end, value, obs_status
FROM observations
WHERE series_id IN (SELECT DISTINCT series_id FROM {{stage}})
QUALIFY row_number() OVER (
    PARTITION BY series_id, geo_code, period_start, period_end
    ORDER BY vintage DESC, payload_id DESC) = 1;
