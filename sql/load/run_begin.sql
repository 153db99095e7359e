-- A run begins: its history row is written (and committed) before the run's
-- own transaction opens, so a killed run leaves its row behind, marked
-- interrupted at the next open (interrupted.sql).
INSERT INTO etl_runs (run_id, job, command, started_at, status, host, pid, version)
VALUES (nextval('run_id_seq'), ?, ?, ?, 'running', ?, ?, ?) RETURNING run_id;
