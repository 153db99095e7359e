-- The plan_tasks table for 'chitieu export', one file, for joins on the reader's
-- side.
SELECT * FROM plan_tasks ORDER BY plan_id, task_no;
