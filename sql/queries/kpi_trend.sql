-- KPI trend: each KPI's value by year beside its target and status (the plan of --plan, else the plan in force).
SELECT kpi_label AS kpi, kpi_code, horizon_year, year, round(actual, 2) AS actual, target_text, status, method
FROM kpi_status
WHERE plan_id = chosen_plan() AND actual IS NOT NULL
ORDER BY kpi_no, kpi_label, horizon_year, year;
