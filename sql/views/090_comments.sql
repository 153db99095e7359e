-- Descriptions of the views, their columns and the table macros. Views are
-- re-created on every write-open (CREATE OR REPLACE drops a view's comments),
-- so this file runs after them (views run in file-name order). kpi_status's
-- columns are described only where they are part of its stable interface.

COMMENT ON MACRO TABLE observations_as_of IS 'observations_as_of(t): the observations as known at time t, the newest vintage at or before t of each value.';
COMMENT ON MACRO TABLE indicator_values_as_of IS 'indicator_values_as_of(t): one value per plan indicator, place and period as known at t; the newest vintage wins.';
COMMENT ON MACRO TABLE kpi_values_as_of IS 'kpi_values_as_of(t): the annual value of each KPI for Hà Nội as known at t, reported or derived.';
COMMENT ON MACRO TABLE kpi_status_as_of IS 'kpi_status_as_of(t): kpi_status as known at t, e.g. kpi_status_as_of(TIMESTAMP ''2023-12-31 23:59:59'') for the mid-term review.';

COMMENT ON VIEW observations_latest IS 'observations with only the newest vintage of each value.';
COMMENT ON VIEW observations_traced IS 'observations joined to their payload: file or URL, fetch time, sha256, sample flag.';
COMMENT ON VIEW kpi_values IS 'Annual value of each KPI for Hà Nội (reported or derived), newest vintages.';
COMMENT ON VIEW kpi_status IS 'One row per KPI target and year 2020-2025: actual, target, expected 2025 value on a time-weighted trend, anticipated progress, gap, status (achieved, on_track, at_risk, off_track, no_data) and a note saying why.';

COMMENT ON COLUMN observations_traced.source_uri IS 'File path or URL of the payload (sources.uri).';
COMMENT ON COLUMN observations_traced.fetched_at IS 'When chitieu read or fetched the payload (UTC).';
COMMENT ON COLUMN observations_traced.sha256 IS 'SHA-256 of the payload bytes.';
COMMENT ON COLUMN observations_traced.is_sample IS 'TRUE for bundled demonstration data that is not official.';
COMMENT ON COLUMN observations_traced.publisher IS 'Agency or organisation that published the payload.';

COMMENT ON COLUMN kpi_status.kpi_no IS 'The KPI''s number in its plan (Plan 185: 1-7; KPI 7 has two rows, labelled 7A and 7B in kpi_label).';
COMMENT ON COLUMN kpi_status.kpi_code IS 'KPI code (indicators.code).';
COMMENT ON COLUMN kpi_status.name_vi IS 'KPI name in Vietnamese.';
COMMENT ON COLUMN kpi_status.name_en IS 'KPI name in English.';
COMMENT ON COLUMN kpi_status.unit IS 'Unit of actual, targets and expected_2025 (%, hạng = rank).';
COMMENT ON COLUMN kpi_status.year IS 'Year, from the plan''s baseline (2020 for Plan 185) to the target''s horizon (2025).';
COMMENT ON COLUMN kpi_status.actual IS 'The year''s value; for annual_average targets the average since the plan''s first year (2021 for Plan 185). NULL when no value is known.';
COMMENT ON COLUMN kpi_status.comparator IS 'gt, ge, between, approx or rank_le (see targets.comparator).';
COMMENT ON COLUMN kpi_status.target_low IS 'Target value, or the lower end of a target range.';
COMMENT ON COLUMN kpi_status.target_high IS 'Upper end of a target range (between; approx: target + tolerance); NULL otherwise.';
COMMENT ON COLUMN kpi_status.target_text IS 'The target in words: > 50.0 (average 2021–2025).';
COMMENT ON COLUMN kpi_status.expected_2025 IS 'Value expected at the target''s horizon (horizon_year: 2025 for Plan 185): the time-weighted trend of the values to this year at the horizon (for average targets, the average over the period with the remaining years on it); without three values, the latest value or the average to date.';
COMMENT ON COLUMN kpi_status.gap IS 'How far actual is from the target (positive: still to go).';
COMMENT ON COLUMN kpi_status.status IS 'achieved, on_track, at_risk, off_track or no_data.';
COMMENT ON COLUMN kpi_status.method IS 'reported (as the lead agency reported it), derived: … (how it was computed), break: boundary change YYYY-MM-DD or break: definition change YYYY-MM-DD (INDICATOR) (a growth rate across the change, not computed), or none; prefixed by excluded (reason): for a value kpi_status does not judge.';
COMMENT ON COLUMN kpi_status.as_of IS 'Vintage of the newest value used: when its source published it.';

COMMENT ON COLUMN kpi_values.kpi_code IS 'KPI code (indicators.code).';
COMMENT ON COLUMN kpi_values.year IS 'Year of the value.';
COMMENT ON COLUMN kpi_values.value IS 'The KPI''s value for Hà Nội that year; NULL for a growth rate across a boundary change (method says so).';
COMMENT ON COLUMN kpi_values.method IS 'reported, derived: … (how it was computed), or break: boundary change YYYY-MM-DD (value NULL).';
