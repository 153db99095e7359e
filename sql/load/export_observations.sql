-- What 'chitieu export' writes as the observations table: every vintage of
-- every value, with its year as a column so the files can be partitioned by
-- indicator and year (Hive style: indicator_code=…/year=…/).
SELECT *, year(period_start) AS year
FROM observations
ORDER BY indicator_code, year, geo_code, period_start, vintage
