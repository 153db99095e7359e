-- Keep every row of one payload the normaliser rejected, with where it was
-- and why. {{view}} reads the batches that held rejected rows, which the
-- loader set aside while the accepted rows went into observations (one pass
-- of DuckDB over a stream can feed one table only).
-- $1 run_id, $2 payload_id, $3 source_name, $4 file
INSERT INTO rejected_rows
SELECT $1, $2, $3, $4, sheet, row_no, col, locator, raw_series, raw_geo, raw_period, raw_value, reject_reason,
       reject_reason_code(reject_reason)
FROM {{view}}
WHERE reject_reason IS NOT NULL;
