-- The plan that already has a KPI code ($1) in the warehouse, other than
-- the plan being seeded ($2): a KPI code belongs to one plan.
SELECT plan_id FROM indicators WHERE code = $1 AND plan_id IS NOT NULL AND plan_id <> $2;
