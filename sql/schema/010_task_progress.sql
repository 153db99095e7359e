-- chitieu warehouse, version 10: the agencies' progress on the plan's tasks.
--
-- The agency template's task sheet (Nhiệm vụ) reports, for each task of the
-- plan the agency leads, its status, the document issued and the budget
-- allocated and disbursed. Like a value, a task's progress has vintages:
-- each report adds rows dated by the report (vintage), and the newest
-- vintage at or before a date is what was known then (task_status_as_of,
-- sql/views/030_tasks.sql). A row that does not check against the plan
-- (unknown task, an agency that does not lead it, an unknown status word, a
-- budget that is not a number) goes to rejected_rows with the reason.

CREATE TABLE task_progress (
    task_no            INTEGER NOT NULL,
    agency             VARCHAR NOT NULL,
    status             VARCHAR NOT NULL,
    doc_no             VARCHAR,
    doc_date           DATE,
    allocated_bn_vnd   DOUBLE,
    disbursed_bn_vnd   DOUBLE,
    note               VARCHAR,
    vintage            TIMESTAMP NOT NULL,
    payload_id         BIGINT NOT NULL,
    run_id             BIGINT NOT NULL,
    sheet              VARCHAR,
    row_no             INTEGER
);

COMMENT ON TABLE task_progress IS 'The agencies'' reports on the plan''s tasks (the template''s Nhiệm vụ sheet): one row per task and report, with the report''s date as vintage.';
COMMENT ON COLUMN task_progress.task_no IS 'The task''s number in the plan (plan_tasks.task_no).';
COMMENT ON COLUMN task_progress.agency IS 'The reporting agency (agencies.code): the task''s lead agency; reports from others are rejected.';
COMMENT ON COLUMN task_progress.status IS 'chưa triển khai, đang triển khai, hoàn thành or đã ban hành (the last two count as done).';
COMMENT ON COLUMN task_progress.doc_no IS 'Number of the document issued for the task (12/QĐ-UBND); NULL if none.';
COMMENT ON COLUMN task_progress.doc_date IS 'Date of the document issued; NULL if none.';
COMMENT ON COLUMN task_progress.allocated_bn_vnd IS 'Budget allocated to the task so far, billion VND; NULL when the report leaves it empty.';
COMMENT ON COLUMN task_progress.disbursed_bn_vnd IS 'Budget disbursed so far, billion VND; NULL when the report leaves it empty.';
COMMENT ON COLUMN task_progress.note IS 'The agency''s note on the task.';
COMMENT ON COLUMN task_progress.vintage IS 'The report''s date (Ngày báo cáo): when this progress was known.';
COMMENT ON COLUMN task_progress.payload_id IS 'The report workbook the row came from (sources.payload_id).';
COMMENT ON COLUMN task_progress.run_id IS 'The run that loaded it (etl_runs.run_id).';
COMMENT ON COLUMN task_progress.sheet IS 'The worksheet the row was read from.';
COMMENT ON COLUMN task_progress.row_no IS 'The row of the worksheet (1-based).';
