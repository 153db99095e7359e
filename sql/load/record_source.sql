-- Record one payload of a run in sources: what was read, from where, when,
-- its vintage, and what became of it.
INSERT INTO sources (payload_id, run_id, source_name, kind, uri, sha256, bytes, fetched_at, vintage, is_sample,
                     title, publisher, status, rows_read, rows_loaded, rows_new, rows_rejected, error, http)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
