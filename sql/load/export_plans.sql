-- The plans table for 'chitieu export', one file: which plan each target,
-- task and kpi_status row belongs to.
SELECT * FROM plans ORDER BY issued_on, plan_id;
