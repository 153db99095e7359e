-- What 'chitieu kpi' prints, for one plan ($4, a plan_id; '' the plan in
-- force today). $1 year (0 =
-- each target's latest year with a value: judged, else not judged, else
-- its horizon), $2 every year, $3 the time the figures are taken as known
-- at (kpi_status_as_of: only vintages published by then, and the targets in
-- force then; 9999-12-31 for the newest).
WITH k AS (SELECT * FROM kpi_status_as_of(CAST($3 AS TIMESTAMP)) WHERE plan_id = coalesce(nullif($4, ''), plan_in_force(current_date)))
SELECT kpi_label AS kpi, kpi_code, year, round(actual, 2) AS actual, unit, target_text AS target,
       round(expected_2025, 2) AS expected_2025, round(gap, 2) AS gap, status, evidence,
       round(anticipated_progress, 2) AS anticipated_progress, note, method, as_of, name_vi
FROM k
WHERE $2
   OR ($1 <> 0 AND year = $1)
   OR ($1 = 0 AND year = coalesce(
         (SELECT max(year) FROM k k2 WHERE k2.kpi_code = k.kpi_code AND k2.horizon_year = k.horizon_year AND k2.actual IS NOT NULL),
         (SELECT max(year) FROM k k2 WHERE k2.kpi_code = k.kpi_code AND k2.horizon_year = k.horizon_year AND k2.year_value IS NOT NULL),
         k.horizon_year))
ORDER BY kpi_no, kpi_label, kpi_code, horizon_year, year;
