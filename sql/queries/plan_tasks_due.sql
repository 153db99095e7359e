-- The plan's tasks by lead agency (the plan of --plan, else the plan in force): how many, how many due by its first review, and budget.
SELECT a.name_vi AS lead_agency, count(*) AS tasks,
       count(*) FILTER (WHERE already_issued OR due_end <= (SELECT CAST(min(as_of) AS DATE) FROM plan_reviews r WHERE r.plan_id = t.plan_id)) AS due_by_first_review,
       sum(budget_bn_vnd) AS budget_bn_vnd
FROM plan_tasks t JOIN agencies a ON a.code = t.lead_agency
WHERE t.plan_id = chosen_plan()
GROUP BY ALL
ORDER BY tasks DESC, lead_agency;
