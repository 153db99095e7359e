-- The KPI rows of a review report: kpi_status as known at the review date
-- ($1, a TIMESTAMP: the values known then and the targets in force then)
-- for the plan ($3) and the years from its baseline to the review year
-- ($2), with the target's kind (a level to reach, or an average to keep) so
-- the report can draw the target path, and the decision that set the
-- target. actual is what the target is judged on: the year's value for a
-- level target, the average since the plan's first year for an average
-- target, whose yearly values are year_value.
SELECT k.kpi_no, k.kpi_code, k.name_vi, coalesce(k.name_en, ''), coalesce(k.unit, ''), k.year, k.actual,
       k.comparator, k.target_low, k.target_high, coalesce(k.target_text, ''),
       k.expected_2025, k.gap, coalesce(k.status, 'no_data'), coalesce(k.method, 'none'), k.as_of,
       k.target_kind, k.year_value, coalesce(k.evidence, ''),
       coalesce(k.kpi_label, CAST(k.kpi_no AS VARCHAR)), k.horizon_year, k.target_decision, k.target_decision_date
FROM kpi_status_as_of(CAST($1 AS TIMESTAMP)) k
WHERE k.year <= $2 AND k.plan_id = $3
ORDER BY k.kpi_no, k.kpi_label, k.kpi_code, k.horizon_year, k.year
