-- Keep one accepted row of an agency report's task sheet (transform/tasks.go
-- checked it against the plan). A few dozen rows a report: prepared, inside
-- the run's transaction. A row equal to the newest the warehouse holds for
-- the task (the same report sent again as a new file) adds nothing, as
-- delete_unchanged.sql does for values: RowsAffected 0 says so.
-- $1 task_no, $2 agency, $3 status, $4 doc_no, $5 doc_date, $6 allocated,
-- $7 disbursed, $8 note, $9 vintage, $10 payload_id, $11 run_id, $12 sheet, $13 row_no, $14 plan_id
INSERT INTO task_progress (task_no, agency, status, doc_no, doc_date, allocated_bn_vnd, disbursed_bn_vnd,
                           note, vintage, payload_id, run_id, sheet, row_no, plan_id)
SELECT $1, $2, $3, $4, CAST($5 AS DATE), CAST($6 AS DOUBLE), CAST($7 AS DOUBLE), $8, $9, $10, $11, $12, $13, $14
WHERE NOT EXISTS (
    SELECT 1 FROM (
        SELECT * FROM task_progress WHERE task_no = $1 AND plan_id = $14
        QUALIFY row_number() OVER (ORDER BY vintage DESC, payload_id DESC, row_no DESC) = 1
    ) newest
    WHERE newest.agency = $2 AND newest.status = $3 AND newest.doc_no IS NOT DISTINCT FROM $4
      AND newest.doc_date IS NOT DISTINCT FROM CAST($5 AS DATE)
      AND newest.allocated_bn_vnd IS NOT DISTINCT FROM CAST($6 AS DOUBLE)
      AND newest.disbursed_bn_vnd IS NOT DISTINCT FROM CAST($7 AS DOUBLE)
      AND newest.note IS NOT DISTINCT FROM $8 AND newest.vintage <= CAST($9 AS TIMESTAMP)
);
