-- A run ends, inside its transaction: its status and counts.
UPDATE etl_runs SET finished_at = ?, status = ?, sources_total = ?,
    sources_failed = ?, sources_unchanged = ?, rows_read = ?, rows_loaded = ?, rows_new = ?, rows_rejected = ?, message = ?
WHERE run_id = ?;
