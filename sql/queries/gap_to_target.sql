-- Gap to target: each KPI target's latest year with a value, how far it is from the target, where the trend leads, and why a value is not judged (the plan of --plan, else the plan in force).
SELECT kpi_label AS kpi, kpi_code, name_en, horizon_year, year, round(actual, 2) AS actual, round(year_value, 2) AS year_value, unit, target_text,
       round(gap, 2) AS gap, round(expected_2025, 2) AS expected, status, note, target_decision
FROM kpi_status k
WHERE plan_id = chosen_plan() AND (actual IS NOT NULL OR year_value IS NOT NULL)
QUALIFY year = max(year) OVER (PARTITION BY kpi_code, horizon_year)
ORDER BY kpi_no, kpi_label, horizon_year;
