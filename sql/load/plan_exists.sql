-- Whether the warehouse holds the plan $1 (its id).
SELECT count(*) FROM plans WHERE plan_id = $1;
