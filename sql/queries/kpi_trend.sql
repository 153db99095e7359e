-- KPI trend: each KPI's value by year beside its target and status.
SELECT kpi_no, kpi_code, year, round(actual, 2) AS actual, target_text, status, method
FROM kpi_status
WHERE actual IS NOT NULL
ORDER BY kpi_no, kpi_code, year;
