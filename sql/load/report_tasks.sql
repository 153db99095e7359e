-- A plan's tasks ($2, its id) for a review report, with the lead agency's name, its
-- newest progress report by the review date ($1, task_status_as_of), whether
-- each task was due by then, and whether it is done or overdue. A task no
-- agency reported on is done only when the plan says it was already issued.
SELECT t.task_no, t.name_vi, t.lead_agency, coalesce(a.name_vi, t.lead_agency) AS lead_name_vi,
       coalesce(a.name_en, t.lead_agency) AS lead_name_en,
       t.orig_due, t.due_start, t.due_end, t.already_issued,
       t.already_issued OR t.due_end <= CAST($1 AS DATE) AS due_by_review,
       t.plan_budget_bn_vnd, t.status, t.reported_at, t.doc_no, t.doc_date,
       t.allocated_bn_vnd, t.disbursed_bn_vnd, t.done, t.overdue
FROM task_status_as_of(CAST($1 AS TIMESTAMP)) t LEFT JOIN agencies a ON a.code = t.lead_agency
WHERE t.plan_id = $2
ORDER BY t.task_no
