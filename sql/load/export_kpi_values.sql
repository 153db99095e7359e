-- What 'chitieu export' writes as kpi_values: the annual value of each KPI
-- (newest vintages), partitioned by kpi_code and year.
SELECT * FROM kpi_values ORDER BY kpi_code, year
