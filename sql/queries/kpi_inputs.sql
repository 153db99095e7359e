-- KPI inputs: the newest value of every plan indicator for Hà Nội by year, with its source, to check what a KPI is computed from.
SELECT o.indicator_code, i.role, i.name_en, year(o.period_start) AS year, o.value, o.unit,
       o.obs_status, o.source_name, o.vintage, o.origin
FROM observations_latest o JOIN indicators i ON i.code = o.indicator_code
WHERE o.geo_code = '01' AND o.period_kind = 'year'
ORDER BY i.role, o.indicator_code, year;
