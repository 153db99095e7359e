-- The plan's 35 tasks by lead agency: how many, how many due by the mid-term review, and budget.
SELECT a.name_vi AS lead_agency, count(*) AS tasks,
       count(*) FILTER (WHERE already_issued OR due_end <= DATE '2023-12-31') AS due_by_2023,
       sum(budget_bn_vnd) AS budget_bn_vnd
FROM plan_tasks t JOIN agencies a ON a.code = t.lead_agency
GROUP BY ALL
ORDER BY tasks DESC, lead_agency;
