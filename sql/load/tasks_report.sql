-- What 'chitieu tasks' prints. $1 the time the tasks are taken as at
-- (task_status_as_of: reports dated by then; overdue by its date), $2 only
-- overdue tasks, $3 only this lead agency's tasks ('' = all), $4 the plan ('' the plan in force today).
SELECT task_no AS task, lead_agency AS agency, orig_due AS due,
       coalesce(status, CASE WHEN already_issued THEN 'đã ban hành (kế hoạch)' END) AS status,
       CAST(reported_at AS DATE) AS reported, doc_no, doc_date,
       round(plan_budget_bn_vnd, 2) AS plan_budget, round(allocated_bn_vnd, 2) AS allocated,
       round(disbursed_bn_vnd, 2) AS disbursed, round(100 * disbursed_share, 1) AS disbursed_pct,
       overdue, note, name_vi
FROM task_status_as_of(CAST($1 AS TIMESTAMP))
WHERE (NOT $2 OR overdue)
  AND ($3 = '' OR upper(lead_agency) = upper($3))
  AND plan_id = coalesce(nullif($4, ''), plan_in_force(current_date))
ORDER BY task_no;
