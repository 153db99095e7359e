-- The KPI rows of a review report: kpi_status as known at the review date
-- ($1, a TIMESTAMP) for the years 2020 to the review year ($2), with the
-- target's kind from targets (a level to reach, or an average to keep) so the
-- report can draw the target path. actual is what the target is judged on:
-- the year's value for a level target, the average since 2021 for an
-- average target (KPI 1, KPI 2), whose yearly values are year_value.
SELECT k.kpi_no, k.kpi_code, k.name_vi, coalesce(k.name_en, ''), coalesce(k.unit, ''), k.year, k.actual,
       k.comparator, k.target_low, k.target_high, coalesce(k.target_text, ''),
       k.expected_2025, k.gap, coalesce(k.status, 'no_data'), coalesce(k.method, 'none'), k.as_of,
       t.target_kind, k.year_value, coalesce(k.evidence, '')
FROM kpi_status_as_of(CAST($1 AS TIMESTAMP)) k
JOIN targets t ON t.kpi_code = k.kpi_code
WHERE k.year <= $2
ORDER BY k.kpi_no, k.kpi_code, k.year
