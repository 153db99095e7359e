-- KPI inputs: the newest value of a plan's KPIs and of the series they are computed from (kpi_formula_inputs), at the plan's place, by year, with its source.
-- $plan: the plan (--param plan=ID or number); NULL, the default, is the plan in force today.
WITH p AS (SELECT * FROM plans WHERE plan_id = coalesce($plan, plan_in_force(current_date))),
codes AS (
    SELECT code AS indicator_code, 'kpi' AS role, code AS kpi_code FROM indicators WHERE plan_id = (SELECT plan_id FROM p)
    UNION
    SELECT f.input_code, 'input', f.kpi_code FROM kpi_formula_inputs f JOIN indicators k ON k.code = f.kpi_code
    WHERE k.plan_id = (SELECT plan_id FROM p)
)
SELECT o.indicator_code, c.role, string_agg(DISTINCT c.kpi_code, ', ') AS for_kpi, i.name_en, year(o.period_start) AS year,
       o.value, o.unit, o.obs_status, o.source_name, o.vintage, o.origin
FROM observations_latest o JOIN codes c USING (indicator_code) JOIN indicators i ON i.code = o.indicator_code
WHERE o.geo_code = (SELECT geo_code FROM p) AND o.period_kind = 'year'
GROUP BY ALL
ORDER BY c.role DESC, o.indicator_code, year;
