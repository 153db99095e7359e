-- Record one payload of a run in sources: what was read, from where, when,
-- its vintage, what became of it, and what its definition declares: the
-- kind of evidence (NULL when it declares none) and its precedence.
INSERT INTO sources (payload_id, run_id, source_name, kind, uri, sha256, bytes, fetched_at, vintage, is_sample,
                     title, publisher, status, rows_read, rows_loaded, rows_new, rows_rejected, error, http,
                     evidence, precedence)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
