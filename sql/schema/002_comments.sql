-- chitieu warehouse, version 2: a description of every column, so DuckDB
-- clients (DBeaver, the duckdb CLI's .schema, duckdb_columns()) show what each
-- column means. Table comments are in 001; observations columns commented
-- there are repeated here so this file is the one place to read them all.

COMMENT ON TABLE schema_migrations IS 'Schema migrations applied to this file (sql/schema/NNN_name.sql), with the chitieu version that applied them.';
COMMENT ON COLUMN schema_migrations.version IS 'Migration number NNN of sql/schema/NNN_name.sql.';
COMMENT ON COLUMN schema_migrations.name IS 'Migration name (the file name without number and .sql).';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When the migration was applied (UTC).';
COMMENT ON COLUMN schema_migrations.chitieu_version IS 'Version of chitieu that applied it.';

COMMENT ON COLUMN agencies.code IS 'Short code of the agency (SKHCN = Sở Khoa học và Công nghệ); used by targets, plan_tasks and report workbooks (Mã đơn vị).';
COMMENT ON COLUMN agencies.name_vi IS 'Vietnamese name as the plan writes it.';
COMMENT ON COLUMN agencies.name_en IS 'English name.';
COMMENT ON COLUMN agencies.kind IS 'Kind of body: department (sở), district, ministry, board, centre, institute, university, enterprise …';

COMMENT ON COLUMN indicators.code IS 'Indicator code (KPI1_TFP_SHARE, GRDP_CONST …): the Mã chỉ tiêu column of agency reports.';
COMMENT ON COLUMN indicators.kpi_no IS 'The plan''s KPI number 1-7 (KPI 7 has parts 7A and 7B); NULL for input series.';
COMMENT ON COLUMN indicators.role IS 'kpi: a KPI of the plan; input: a series a KPI is computed from.';
COMMENT ON COLUMN indicators.name_vi IS 'Vietnamese name.';
COMMENT ON COLUMN indicators.name_en IS 'English name.';
COMMENT ON COLUMN indicators.unit IS 'Canonical unit values are stored in (%, tỷ đồng, nghìn người, hạng = rank …).';
COMMENT ON COLUMN indicators.valid_min IS 'Smallest plausible value; a value below it is rejected.';
COMMENT ON COLUMN indicators.valid_max IS 'Largest plausible value; a value above it is rejected.';
COMMENT ON COLUMN indicators.definition IS 'How the indicator is defined or computed.';

COMMENT ON COLUMN targets.kpi_code IS 'The KPI (indicators.code) this target is for.';
COMMENT ON COLUMN targets.kpi_no IS 'The plan''s KPI number 1-7.';
COMMENT ON COLUMN targets.comparator IS 'gt (>), ge (≥), between (bound_low-bound_high), approx (bound_low ± tolerance), rank_le (rank ≤ bound_low).';
COMMENT ON COLUMN targets.bound_low IS 'Target value, or the lower bound of a range.';
COMMENT ON COLUMN targets.bound_high IS 'Upper bound for between; NULL otherwise.';
COMMENT ON COLUMN targets.tolerance IS 'For approx: how far from bound_low still counts as met ("khoảng 30%" = 30 ± 2).';
COMMENT ON COLUMN targets.baseline_year IS 'Baseline year of the plan (2020).';
COMMENT ON COLUMN targets.horizon_year IS 'Year the target is for (2025).';
COMMENT ON COLUMN targets.target_kind IS 'level: the value to reach by the horizon; annual_average: the average over 2021-2025.';
COMMENT ON COLUMN targets.average_method IS 'For annual_average targets: geometric (growth rates) or arithmetic.';
COMMENT ON COLUMN targets.lead_agency IS 'Agency (agencies.code) that leads this target.';
COMMENT ON COLUMN targets.coordinating_agencies IS 'Agencies (agencies.code) that coordinate.';
COMMENT ON COLUMN targets.wording_vi IS 'The plan''s own sentence for the target, in Vietnamese.';
COMMENT ON COLUMN targets.wording_en IS 'English translation of the plan''s sentence.';

COMMENT ON COLUMN plan_tasks.task_no IS 'Number of the task in the plan''s appendix (1-35).';
COMMENT ON COLUMN plan_tasks.name_vi IS 'Name of the programme or project, in Vietnamese.';
COMMENT ON COLUMN plan_tasks.lead_agency IS 'Lead agency (agencies.code).';
COMMENT ON COLUMN plan_tasks.coordinating_agencies IS 'Coordinating agencies (agencies.code).';
COMMENT ON COLUMN plan_tasks.issuing_body IS 'Body that issues the programme or project (agencies.code), e.g. UBNDTP.';
COMMENT ON COLUMN plan_tasks.due_start IS 'Start of the due period (Quý III/2021 → 2021-07-01); NULL when already issued.';
COMMENT ON COLUMN plan_tasks.due_end IS 'End of the due period (Quý III/2021 → 2021-09-30); NULL when already issued.';
COMMENT ON COLUMN plan_tasks.already_issued IS 'TRUE when the plan says Đã ban hành: issued before the plan.';
COMMENT ON COLUMN plan_tasks.budget_bn_vnd IS 'Budget in billion VND (4,9 → 4.9); NULL where the plan gives none (-).';
COMMENT ON COLUMN plan_tasks.budget_note IS 'The breakdown the plan gives beside the budget (trong đó …).';
COMMENT ON COLUMN plan_tasks.orig_coordinating IS 'The plan''s coordinating-agencies cell as written.';
COMMENT ON COLUMN plan_tasks.orig_due IS 'The plan''s due-date cell as written.';
COMMENT ON COLUMN plan_tasks.orig_budget IS 'The plan''s budget cell as written.';

COMMENT ON COLUMN series_map.source IS 'Source name (sources.source_name) the mapping applies to; * for any source.';
COMMENT ON COLUMN series_map.series_code IS 'The series code as the source writes it.';
COMMENT ON COLUMN series_map.indicator_code IS 'Plan indicator (indicators.code) the series feeds.';
COMMENT ON COLUMN series_map.factor IS 'Multiplier from the source''s unit to the indicator''s unit.';
COMMENT ON COLUMN series_map.note IS 'Why this mapping holds.';

COMMENT ON COLUMN etl_runs.run_id IS 'Run number, from run_id_seq.';
COMMENT ON COLUMN etl_runs.job IS 'What started the run: run, load, or a scheduled job name.';
COMMENT ON COLUMN etl_runs.command IS 'The command line that started it.';
COMMENT ON COLUMN etl_runs.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN etl_runs.finished_at IS 'When it finished (UTC); NULL while running or if killed.';
COMMENT ON COLUMN etl_runs.status IS 'running, succeeded, partial (some sources failed), failed, interrupted (killed; nothing of it was loaded).';
COMMENT ON COLUMN etl_runs.sources_total IS 'Payloads the run read.';
COMMENT ON COLUMN etl_runs.sources_failed IS 'Payloads that could not be read.';
COMMENT ON COLUMN etl_runs.sources_unchanged IS 'Payloads skipped because the same bytes were loaded before.';
COMMENT ON COLUMN etl_runs.rows_read IS 'Input rows read: rows_read = rows_loaded + rows_rejected.';
COMMENT ON COLUMN etl_runs.rows_loaded IS 'Rows accepted.';
COMMENT ON COLUMN etl_runs.rows_new IS 'Accepted rows that were new or revised (not already present with the same vintage).';
COMMENT ON COLUMN etl_runs.rows_rejected IS 'Rows written to rejected_rows.';
COMMENT ON COLUMN etl_runs.message IS 'Error or note for the run.';
COMMENT ON COLUMN etl_runs.host IS 'Host the run ran on.';
COMMENT ON COLUMN etl_runs.pid IS 'Process id of the run.';
COMMENT ON COLUMN etl_runs.version IS 'chitieu version that ran it.';

COMMENT ON COLUMN sources.payload_id IS 'Payload number, from payload_id_seq; observations.payload_id points here.';
COMMENT ON COLUMN sources.run_id IS 'Run (etl_runs.run_id) that read the payload.';
COMMENT ON COLUMN sources.source_name IS 'Source name from schedules/sources.toml or the file name for chitieu load.';
COMMENT ON COLUMN sources.kind IS 'Decoder that read it: xlsx, xls, csv, sdmx, worldbank, px, jsonstat …';
COMMENT ON COLUMN sources.uri IS 'File path or URL the payload came from.';
COMMENT ON COLUMN sources.sha256 IS 'SHA-256 of the payload bytes: identical bytes are not loaded twice.';
COMMENT ON COLUMN sources.bytes IS 'Payload size in bytes.';
COMMENT ON COLUMN sources.fetched_at IS 'When chitieu read or fetched it (UTC).';
COMMENT ON COLUMN sources.vintage IS 'When the source published it (report date, lastupdated); fetched_at if it does not say.';
COMMENT ON COLUMN sources.is_sample IS 'TRUE for bundled demonstration data that is not official.';
COMMENT ON COLUMN sources.title IS 'Title the payload gives itself.';
COMMENT ON COLUMN sources.publisher IS 'Agency or organisation that published it.';
COMMENT ON COLUMN sources.status IS 'loaded, unchanged (same bytes loaded before) or failed (see error).';
COMMENT ON COLUMN sources.rows_read IS 'Input rows read: rows_read = rows_loaded + rows_rejected.';
COMMENT ON COLUMN sources.rows_loaded IS 'Rows accepted.';
COMMENT ON COLUMN sources.rows_new IS 'Accepted rows that were new or revised.';
COMMENT ON COLUMN sources.rows_rejected IS 'Rows written to rejected_rows.';
COMMENT ON COLUMN sources.error IS 'Why the payload failed; NULL when it loaded.';
COMMENT ON COLUMN sources.http IS 'HTTP response metadata (status, ETag, Last-Modified) as JSON text; NULL for files.';

COMMENT ON COLUMN series.series_id IS 'Identifier of the series: source name / the source''s own series code (skhcn-report/PATENT_APPS).';
COMMENT ON COLUMN series.source_name IS 'Source that defines the series.';
COMMENT ON COLUMN series.source_code IS 'The series code as the source writes it.';
COMMENT ON COLUMN series.name IS 'The series name as the source writes it.';
COMMENT ON COLUMN series.unit IS 'The unit as the source writes it.';
COMMENT ON COLUMN series.dims IS 'The source''s dimensions of the series as JSON text ({"SEX":"T"}).';
COMMENT ON COLUMN series.indicator_code IS 'Plan indicator (indicators.code) the series feeds; NULL when unmapped.';
COMMENT ON COLUMN series.first_payload_id IS 'Payload (sources.payload_id) the series was first seen in.';

COMMENT ON COLUMN observations.series_id IS 'Series (series.series_id) the value belongs to.';
COMMENT ON COLUMN observations.indicator_code IS 'Plan indicator (indicators.code) the value feeds; NULL when the series is unmapped.';
COMMENT ON COLUMN observations.geo_code IS 'GSO province code (01 = Hà Nội), VN for the whole country, ISO-3 for other countries; NULL when the source names none.';
COMMENT ON COLUMN observations.period_kind IS 'year, half (6 tháng), quarter, month, or ytd (January to a month end: 9 tháng 2023).';
COMMENT ON COLUMN observations.period_start IS 'First day of the period.';
COMMENT ON COLUMN observations.period_end IS 'Last day of the period.';
COMMENT ON COLUMN observations.value IS 'The value in the indicator''s canonical unit (percentages as 7.5 for 7.5 %); NULL when missing or confidential.';
COMMENT ON COLUMN observations.unit IS 'Unit of value.';
COMMENT ON COLUMN observations.obs_status IS 'preliminary, estimated, missing, confidential, or the source''s own flag.';
COMMENT ON COLUMN observations.source_name IS 'Source the value came from.';
COMMENT ON COLUMN observations.payload_id IS 'Payload (sources.payload_id) the value was read from: file or URL, sha256, fetch time.';
COMMENT ON COLUMN observations.vintage IS 'When the source published this value (or, if it does not say, when chitieu fetched it). Older vintages are kept.';
COMMENT ON COLUMN observations.run_id IS 'Run (etl_runs.run_id) that loaded it.';
COMMENT ON COLUMN observations.origin IS 'Where in the payload the value was: sheet and cell, line, or key.';

COMMENT ON COLUMN rejected_rows.run_id IS 'Run (etl_runs.run_id) that read the row.';
COMMENT ON COLUMN rejected_rows.payload_id IS 'Payload (sources.payload_id) the row was in.';
COMMENT ON COLUMN rejected_rows.source_name IS 'Source the row came from.';
COMMENT ON COLUMN rejected_rows.file IS 'File name or URL.';
COMMENT ON COLUMN rejected_rows.sheet IS 'Worksheet, for workbooks.';
COMMENT ON COLUMN rejected_rows.row_no IS 'Row (or line) number, 1-based as a spreadsheet or editor shows it.';
COMMENT ON COLUMN rejected_rows.col IS 'Column letter or name of the offending cell.';
COMMENT ON COLUMN rejected_rows.locator IS 'Where the row was, for sources without rows and columns (JSON key, SDMX series key).';
COMMENT ON COLUMN rejected_rows.raw_series IS 'The series code as written.';
COMMENT ON COLUMN rejected_rows.raw_geo IS 'The place as written.';
COMMENT ON COLUMN rejected_rows.raw_period IS 'The period as written.';
COMMENT ON COLUMN rejected_rows.raw_value IS 'The value as written.';
COMMENT ON COLUMN rejected_rows.reason IS 'Why the row was rejected.';
