-- The plan a command's --plan names ($1: its id or its document number, any
-- case), or with $1 = '' the plan in force on $2 (plan_in_force).
SELECT plan_id, number, title_vi, coalesce(title_en, ''), first_year, last_year, baseline_year
FROM plans
WHERE CASE WHEN $1 = '' THEN plan_id = plan_in_force(CAST($2 AS DATE))
           ELSE plan_named(plan_id, number, $1) END;
