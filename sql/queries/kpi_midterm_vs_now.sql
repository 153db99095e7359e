-- Revisions since the mid-term review: each KPI's value as known at the plan's first review (Plan 185: the end of 2023) beside the value known now.
WITH r AS (
    SELECT year AS review_year, as_of FROM plan_reviews
    WHERE plan_id = chosen_plan() AND as_of = (SELECT min(as_of) FROM plan_reviews WHERE plan_id = chosen_plan())
)
SELECT n.kpi_label AS kpi, n.kpi_code, n.horizon_year, n.year,
       round(m.actual, 2) AS actual_at_review, round(n.actual, 2) AS actual_now,
       m.status AS status_at_review, n.status AS status_now, r.as_of AS review_as_of
FROM kpi_status n CROSS JOIN r
LEFT JOIN kpi_status_as_of((SELECT min(as_of) FROM plan_reviews WHERE plan_id = chosen_plan())) m USING (plan_id, kpi_code, horizon_year, year)
WHERE n.plan_id = chosen_plan() AND n.year <= r.review_year AND (n.actual IS NOT NULL OR m.actual IS NOT NULL)
ORDER BY n.kpi_no, n.kpi_label, n.horizon_year, n.year;
