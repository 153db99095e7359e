-- The plan's tasks with the agencies' progress reports (task_progress).
--
-- task_status_as_of(t): one row per task of every plan (plan_id, task_no): its newest reported
-- status at or before t (the report's date is the vintage; a later report
-- replaces an earlier one, and of two reports of the same date the later
-- load wins), the document issued and the budget allocated and disbursed
-- against the plan's budget. A task is done when its status is hoàn thành
-- or đã ban hành, or when the plan lists it as already issued (Đã ban
-- hành); it is overdue when it is not done and its due period ended
-- before t's date. A task nobody reported on has NULL status.
CREATE OR REPLACE MACRO task_status_as_of(t) AS TABLE
WITH latest AS (
    SELECT * FROM task_progress
    WHERE vintage <= CAST(t AS TIMESTAMP)
    QUALIFY row_number() OVER (PARTITION BY plan_id, task_no ORDER BY vintage DESC, payload_id DESC, row_no DESC) = 1
)
SELECT pt.plan_id, pt.task_no, pt.name_vi, pt.lead_agency,
       pt.orig_due, pt.due_start, pt.due_end, pt.already_issued,
       pt.budget_bn_vnd AS plan_budget_bn_vnd,
       l.status, l.vintage AS reported_at, l.doc_no, l.doc_date,
       l.allocated_bn_vnd, l.disbursed_bn_vnd,
       CASE WHEN pt.budget_bn_vnd > 0 THEN l.disbursed_bn_vnd / pt.budget_bn_vnd END AS disbursed_share,
       l.note,
       pt.already_issued OR coalesce(l.status IN ('hoàn thành', 'đã ban hành'), false) AS done,
       NOT (pt.already_issued OR coalesce(l.status IN ('hoàn thành', 'đã ban hành'), false))
           AND coalesce(pt.due_end < CAST(CAST(t AS TIMESTAMP) AS DATE), false) AS overdue,
       CAST(CAST(t AS TIMESTAMP) AS DATE) AS as_of
FROM plan_tasks pt LEFT JOIN latest l ON l.plan_id = pt.plan_id AND l.task_no = pt.task_no
ORDER BY pt.plan_id, pt.task_no;

CREATE OR REPLACE VIEW task_status AS SELECT * FROM task_status_as_of(CAST(current_date AS TIMESTAMP));

COMMENT ON MACRO TABLE task_status_as_of IS 'task_status_as_of(t): each plan task''s newest reported status, document and budget as known at t, done, and overdue (due period ended before t''s date, not done), e.g. task_status_as_of(TIMESTAMP ''2025-12-31'').';
COMMENT ON VIEW task_status IS 'Each plan task''s newest reported status, document, budget allocated and disbursed against the plan''s budget, and whether it is overdue today (task_status_as_of(today)).';
COMMENT ON COLUMN task_status.plan_id IS 'The plan (plans.plan_id) whose task this is.';
COMMENT ON COLUMN task_status.status IS 'Newest reported status (chưa triển khai, đang triển khai, hoàn thành, đã ban hành); NULL when no report.';
COMMENT ON COLUMN task_status.reported_at IS 'Date of the report the status comes from (task_progress.vintage).';
COMMENT ON COLUMN task_status.plan_budget_bn_vnd IS 'The plan''s budget for the task, billion VND (plan_tasks.budget_bn_vnd).';
COMMENT ON COLUMN task_status.disbursed_share IS 'Budget disbursed / the plan''s budget (0.25 = 25 %).';
COMMENT ON COLUMN task_status.done IS 'TRUE when reported hoàn thành or đã ban hành, or listed by the plan as already issued.';
COMMENT ON COLUMN task_status.overdue IS 'TRUE when not done and the due period ended before as_of.';
