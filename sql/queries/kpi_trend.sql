-- KPI trend: a plan's KPIs, each value by year beside its target and status.
-- $plan: the plan (--param plan=ID or number); NULL, the default, is the plan in force today.
SELECT kpi_label, kpi_code, horizon_year, year, round(actual, 2) AS actual, target_text, status, method
FROM kpi_status
WHERE plan_id = coalesce($plan, plan_in_force(current_date)) AND actual IS NOT NULL
ORDER BY kpi_no, kpi_label, kpi_code, horizon_year, year;
