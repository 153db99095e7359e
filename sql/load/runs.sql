-- The last N runs (parameter 1) with one row per payload each read; a run
-- that read nothing (killed before its first source, or no sources) has one
-- row with NULL payload columns. Newest run first, payloads in read order.
WITH r AS (
    SELECT * FROM etl_runs ORDER BY run_id DESC LIMIT ?
)
SELECT r.run_id, r.job, r.command, r.started_at, r.finished_at, r.status,
       r.sources_total, r.sources_failed, r.sources_unchanged,
       r.rows_read, r.rows_loaded, r.rows_new, r.rows_rejected,
       r.message, r.host, r.pid,
       s.source_name, s.uri, s.status AS source_status,
       s.rows_read AS source_read, s.rows_loaded AS source_loaded,
       s.rows_new AS source_new, s.rows_rejected AS source_rejected, s.error
FROM r LEFT JOIN sources s USING (run_id)
ORDER BY r.run_id DESC, s.payload_id;
