-- Keep one rejected row of an agency report's task sheet, with why: the
-- task cell as raw_series, the reporting agency as raw_geo, and the status
-- and budget cells as raw_value.
-- $1 run_id, $2 payload_id, $3 source_name, $4 file, $5 sheet, $6 row_no,
-- $7 col, $8 raw_series, $9 raw_geo, $10 raw_value, $11 reason
INSERT INTO rejected_rows (run_id, payload_id, source_name, file, sheet, row_no, col, locator,
                           raw_series, raw_geo, raw_period, raw_value, reason, reason_code)
VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, NULL, $10, $11, reject_reason_code($11));
