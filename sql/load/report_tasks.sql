-- The plan's 35 tasks for a review report, with the lead agency's name and
-- whether each was due by the review date ($1). Whether a task is done needs
-- the agencies' progress reports, which the warehouse does not hold yet: a
-- task is known to be done only when the plan itself says it was already
-- issued (Đã ban hành).
SELECT t.task_no, t.name_vi, t.lead_agency, coalesce(a.name_vi, t.lead_agency) AS lead_name_vi,
       coalesce(a.name_en, t.lead_agency) AS lead_name_en,
       t.orig_due, t.due_start, t.due_end, t.already_issued,
       t.already_issued OR t.due_end <= CAST($1 AS DATE) AS due_by_review,
       t.budget_bn_vnd
FROM plan_tasks t LEFT JOIN agencies a ON a.code = t.lead_agency
ORDER BY t.task_no
