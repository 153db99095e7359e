-- What 'chitieu export' writes as kpi_status: one row per KPI target and year
-- 2020-2025, partitioned by kpi_code and year.
SELECT * FROM kpi_status ORDER BY kpi_no, kpi_code, year
