-- A run failed: written after its transaction rolled back, with the cause.
UPDATE etl_runs SET status = 'failed', finished_at = ?, message = ? WHERE run_id = ?;
