-- Gap to target: each KPI's latest year with data, how far it is from the 2025 target and where the trend leads.
SELECT kpi_no, kpi_code, name_en, year, round(actual, 2) AS actual, unit, target_text,
       round(gap, 2) AS gap, round(expected_2025, 2) AS expected_2025, status
FROM kpi_status k
WHERE actual IS NOT NULL
QUALIFY year = max(year) OVER (PARTITION BY kpi_code)
ORDER BY kpi_no, kpi_code;
