-- A plan's tasks by lead agency: how many, how many due by its first dated review (Plan 185: the mid-term review, 31/12/2023), and budget.
-- $plan: the plan (--param plan=ID or number); NULL, the default, is the plan in force today.
WITH rv AS (
    SELECT plan_id, CAST(as_of AS DATE) AS review_date FROM plan_reviews
    WHERE plan_id = coalesce($plan, plan_in_force(current_date)) AND as_of IS NOT NULL
    ORDER BY as_of LIMIT 1
)
SELECT t.plan_id, coalesce(a.name_vi, t.lead_agency) AS lead_agency, count(*) AS tasks,
       count(*) FILTER (WHERE already_issued OR due_end <= (SELECT review_date FROM rv)) AS due_by_first_review,
       sum(budget_bn_vnd) AS budget_bn_vnd
FROM plan_tasks t LEFT JOIN agencies a ON a.code = t.lead_agency
WHERE t.plan_id = coalesce($plan, plan_in_force(current_date))
GROUP BY ALL
ORDER BY tasks DESC, lead_agency;
