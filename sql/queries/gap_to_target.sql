-- Gap to target: a plan's KPIs, each target's latest year with a value, how far it is from the target, where the trend leads, and why a value is not judged.
-- $plan: the plan (--param plan=ID or number); NULL, the default, is the plan in force today.
SELECT kpi_label, kpi_code, name_en, horizon_year, year, round(actual, 2) AS actual, round(year_value, 2) AS year_value, unit, target_text,
       round(gap, 2) AS gap, round(expected_2025, 2) AS expected, status, note, target_decision
FROM kpi_status k
WHERE plan_id = coalesce($plan, plan_in_force(current_date))
  AND (actual IS NOT NULL OR year_value IS NOT NULL)
QUALIFY year = max(year) OVER (PARTITION BY kpi_code, horizon_year)
ORDER BY kpi_no, kpi_label, kpi_code, horizon_year;
