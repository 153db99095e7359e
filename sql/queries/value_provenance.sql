-- Where did a number come from? Hà Nội's 2023 values with their file, cell and fetch time.
SELECT indicator_code, value, unit, source_uri, origin, fetched_at, is_sample
FROM observations_traced
WHERE geo_code = '01' AND year(period_start) = 2023
ORDER BY indicator_code;
