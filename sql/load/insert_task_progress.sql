-- Keep one accepted row of an agency report's task sheet (transform/tasks.go
-- checked it against the plan). A few dozen rows a report: prepared, inside
-- the run's transaction.
-- $1 task_no, $2 agency, $3 status, $4 doc_no, $5 doc_date, $6 allocated,
-- $7 disbursed, $8 note, $9 vintage, $10 payload_id, $11 run_id, $12 sheet, $13 row_no
INSERT INTO task_progress (task_no, agency, status, doc_no, doc_date, allocated_bn_vnd, disbursed_bn_vnd,
                           note, vintage, payload_id, run_id, sheet, row_no)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);
