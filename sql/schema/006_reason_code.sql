-- chitieu warehouse, version 6: a reason code beside each rejection's text.
--
-- rejected_rows.reason names the series, value and cell ('value 912 outside
-- the plausible range 0–100 for KPI1_TFP_SHARE'), so grouping by it gave one
-- group per series: 144 "reasons" for one file. reason_code is the kind of
-- failure, a short fixed word to group and count by; the text stays beside
-- it. The macro derives the code from the text the normaliser
-- (transform/stream.go) and the loader (sql/load/reject_duplicates.sql)
-- write; the loader calls it for every rejected row, and it fills in the
-- rows loaded before this version. A reason it does not know is 'other'.

CREATE OR REPLACE MACRO reject_reason_code(reason) AS CASE
    WHEN reason LIKE 'duplicate:%' THEN 'duplicate'
    WHEN reason LIKE 'unknown indicator code%' THEN 'unknown_indicator'
    WHEN reason LIKE 'no series code%' THEN 'no_series'
    WHEN reason LIKE 'unknown geography%' THEN 'unknown_geography'
    WHEN reason LIKE 'no period%' THEN 'no_period'
    WHEN reason LIKE 'unrecognised period%' THEN 'bad_period'
    WHEN reason LIKE 'year % out of range%' THEN 'year_out_of_range'
    WHEN reason LIKE 'period % takes only %' THEN 'period_kind'
    WHEN reason LIKE 'value % scaled by % is not a finite number' THEN 'not_finite'
    WHEN reason LIKE 'value % is not a number' THEN 'not_a_number'
    WHEN reason LIKE 'unit % does not match%' THEN 'unit_mismatch'
    WHEN reason LIKE 'value % outside the plausible range%' THEN 'out_of_range'
    WHEN reason LIKE '% is not a value; chitieu keeps every vintage' THEN 'not_a_value'
    -- the agency template's task sheet (010_task_progress.sql)
    WHEN reason LIKE 'unknown task status%' THEN 'task_status'
    WHEN reason LIKE 'unknown task%' THEN 'unknown_task'
    WHEN reason LIKE 'task % is led by %' THEN 'not_task_lead'
    WHEN reason LIKE 'task %: the report names no agency%' THEN 'not_task_lead'
    WHEN reason LIKE 'budget % is not a number%' THEN 'not_a_number'
    WHEN reason LIKE 'document date % is not a date' THEN 'bad_date'
    ELSE 'other'
END;

ALTER TABLE rejected_rows ADD COLUMN reason_code VARCHAR;
UPDATE rejected_rows SET reason_code = reject_reason_code(reason);

COMMENT ON COLUMN rejected_rows.reason_code IS 'Kind of failure, to group by: duplicate, unknown_indicator, no_series, unknown_geography, no_period, bad_period, year_out_of_range, period_kind, not_a_number, not_finite, unit_mismatch, out_of_range, not_a_value, and for the task sheet unknown_task, not_task_lead, task_status, bad_date; else other. The reason column says it in full, naming the series and value.';
