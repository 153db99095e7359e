-- Take out one plan's reference rows before it is seeded again ($1 the
-- plan's id): its formulas first, while indicators still says which KPIs
-- are the plan's. Agencies stay (other plans may name them, and seeding
-- replaces their names).
DELETE FROM kpi_formula_inputs WHERE kpi_code IN (SELECT code FROM indicators WHERE plan_id = $1);
DELETE FROM indicators WHERE plan_id = $1;
DELETE FROM targets WHERE plan_id = $1;
DELETE FROM plan_tasks WHERE plan_id = $1;
DELETE FROM plan_reviews WHERE plan_id = $1;
DELETE FROM plans WHERE plan_id = $1;
