-- The earlier successful load of a payload with these bytes (by SHA-256),
-- if any; a load whose rows were all rejected does not count.
SELECT source_name, run_id, vintage FROM sources
WHERE sha256 = ? AND status = 'loaded' AND NOT (rows_read > 0 AND rows_loaded = 0)
ORDER BY payload_id LIMIT 1;
