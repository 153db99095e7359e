-- KPI inputs: the newest value of every indicator for the plan's place (Hà Nội for Plan 185) by year, with its source, to check what a KPI is computed from.
SELECT o.indicator_code, i.role, i.name_en, year(o.period_start) AS year, o.value, o.unit,
       o.obs_status, o.source_name, o.vintage, o.origin
FROM observations_latest o JOIN indicators i ON i.code = o.indicator_code
WHERE o.geo_code = (SELECT geo_code FROM plans WHERE plan_id = chosen_plan()) AND o.period_kind = 'year'
  AND (i.plan_id IS NULL OR i.plan_id = chosen_plan())
ORDER BY i.role, o.indicator_code, year;
