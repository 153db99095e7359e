-- Revisions since the mid-term review: each KPI's value as known at a plan's first dated review (plan_reviews; Plan 185's midterm-2023, 31/12/2023) beside the value known now.
-- $plan: the plan (--param plan=ID or number); NULL, the default, is the plan in force today.
WITH rv AS (
    SELECT r.plan_id, r.review, r.year, r.as_of FROM plan_reviews r
    WHERE r.plan_id = coalesce($plan, plan_in_force(current_date)) AND r.as_of IS NOT NULL
    ORDER BY r.as_of LIMIT 1
)
SELECT n.kpi_label, n.kpi_code, n.horizon_year, n.year, rv.review,
       round(m.actual, 2) AS actual_at_review, round(n.actual, 2) AS actual_now,
       m.status AS status_at_review, n.status AS status_now
FROM kpi_status n JOIN rv ON rv.plan_id = n.plan_id
LEFT JOIN kpi_status_as_of((SELECT as_of FROM rv)) m
       ON m.plan_id = n.plan_id AND m.kpi_code = n.kpi_code AND m.horizon_year = n.horizon_year AND m.year = n.year
WHERE n.year <= rv.year AND (n.actual IS NOT NULL OR m.actual IS NOT NULL)
ORDER BY n.kpi_no, n.kpi_label, n.kpi_code, n.horizon_year, n.year;
