-- Keep every rejected row of a staged payload with where it was and why.
-- $1 run_id, $2 payload_id, $3 source_name, $4 file
INSERT INTO rejected_rows
SELECT $1, $2, $3, $4, sheet, row_no, col, locator, raw_series, raw_geo, raw_period, raw_value, reject_reason
FROM {{stage}}
WHERE reject_reason IS NOT NULL;
