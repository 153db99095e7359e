-- Gap to target: each KPI's latest year with a value, how far it is from the 2025 target, where the trend leads, and why a value is not judged.
SELECT kpi_no, kpi_code, name_en, year, round(actual, 2) AS actual, round(year_value, 2) AS year_value, unit, target_text,
       round(gap, 2) AS gap, round(expected_2025, 2) AS expected_2025, status, note
FROM kpi_status k
WHERE actual IS NOT NULL OR year_value IS NOT NULL
QUALIFY year = max(year) OVER (PARTITION BY kpi_code)
ORDER BY kpi_no, kpi_code;
