-- chitieu warehouse, version 1: the plan's reference data, the fact table,
-- provenance and run history. Times are UTC TIMESTAMPs.

CREATE TABLE agencies (
    code     VARCHAR PRIMARY KEY,
    name_vi  VARCHAR NOT NULL,
    name_en  VARCHAR NOT NULL,
    kind     VARCHAR NOT NULL
);

CREATE TABLE indicators (
    code        VARCHAR PRIMARY KEY,
    kpi_no      INTEGER,
    role        VARCHAR NOT NULL CHECK (role IN ('kpi', 'input')),
    name_vi     VARCHAR NOT NULL,
    name_en     VARCHAR NOT NULL,
    unit        VARCHAR NOT NULL,
    valid_min   DOUBLE,
    valid_max   DOUBLE,
    definition  VARCHAR
);

CREATE TABLE targets (
    kpi_code               VARCHAR PRIMARY KEY,
    kpi_no                 INTEGER NOT NULL,
    comparator             VARCHAR NOT NULL CHECK (comparator IN ('gt', 'ge', 'between', 'approx', 'rank_le')),
    bound_low              DOUBLE,
    bound_high             DOUBLE,
    tolerance              DOUBLE,
    baseline_year          INTEGER NOT NULL,
    horizon_year           INTEGER NOT NULL,
    target_kind            VARCHAR NOT NULL CHECK (target_kind IN ('level', 'annual_average')),
    average_method         VARCHAR,
    lead_agency            VARCHAR NOT NULL,
    coordinating_agencies  VARCHAR[] NOT NULL,
    wording_vi             VARCHAR NOT NULL,
    wording_en             VARCHAR
);

CREATE TABLE plan_tasks (
    task_no                INTEGER PRIMARY KEY,
    name_vi                VARCHAR NOT NULL,
    lead_agency            VARCHAR NOT NULL,
    coordinating_agencies  VARCHAR[] NOT NULL,
    issuing_body           VARCHAR NOT NULL,
    due_start              DATE,
    due_end                DATE,
    already_issued         BOOLEAN NOT NULL,
    budget_bn_vnd          DOUBLE,
    budget_note            VARCHAR,
    orig_coordinating      VARCHAR,
    orig_due               VARCHAR NOT NULL,
    orig_budget            VARCHAR NOT NULL
);

CREATE TABLE series_map (
    source          VARCHAR NOT NULL,
    series_code     VARCHAR NOT NULL,
    indicator_code  VARCHAR NOT NULL,
    factor          DOUBLE NOT NULL,
    note            VARCHAR,
    PRIMARY KEY (source, series_code)
);

CREATE SEQUENCE run_id_seq START 1;
CREATE SEQUENCE payload_id_seq START 1;

CREATE TABLE etl_runs (
    run_id           BIGINT PRIMARY KEY,
    job              VARCHAR NOT NULL,
    command          VARCHAR,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    status           VARCHAR NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'interrupted')),
    sources_total    INTEGER DEFAULT 0,
    sources_failed   INTEGER DEFAULT 0,
    sources_unchanged INTEGER DEFAULT 0,
    rows_read        BIGINT DEFAULT 0,
    rows_loaded      BIGINT DEFAULT 0,
    rows_new         BIGINT DEFAULT 0,
    rows_rejected    BIGINT DEFAULT 0,
    message          VARCHAR,
    host             VARCHAR,
    pid              INTEGER,
    version          VARCHAR
);

CREATE TABLE sources (
    payload_id     BIGINT PRIMARY KEY,
    run_id         BIGINT NOT NULL,
    source_name    VARCHAR NOT NULL,
    kind           VARCHAR,
    uri            VARCHAR NOT NULL,
    sha256         VARCHAR,
    bytes          BIGINT,
    fetched_at     TIMESTAMP NOT NULL,
    vintage        TIMESTAMP,
    is_sample      BOOLEAN NOT NULL,
    title          VARCHAR,
    publisher      VARCHAR,
    status         VARCHAR NOT NULL CHECK (status IN ('loaded', 'unchanged', 'failed')),
    rows_read      BIGINT DEFAULT 0,
    rows_loaded    BIGINT DEFAULT 0,
    rows_new       BIGINT DEFAULT 0,
    rows_rejected  BIGINT DEFAULT 0,
    error          VARCHAR,
    http           VARCHAR
);

CREATE TABLE series (
    series_id         VARCHAR PRIMARY KEY,
    source_name       VARCHAR NOT NULL,
    source_code       VARCHAR NOT NULL,
    name              VARCHAR,
    unit              VARCHAR,
    dims              VARCHAR,
    indicator_code    VARCHAR,
    first_payload_id  BIGINT NOT NULL
);

CREATE TABLE observations (
    series_id       VARCHAR NOT NULL,
    indicator_code  VARCHAR,
    geo_code        VARCHAR,
    period_kind     VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_end      DATE NOT NULL,
    value           DOUBLE,
    unit            VARCHAR,
    obs_status      VARCHAR,
    source_name     VARCHAR NOT NULL,
    payload_id      BIGINT NOT NULL,
    vintage         TIMESTAMP NOT NULL,
    run_id          BIGINT NOT NULL,
    origin          VARCHAR
);

CREATE TABLE rejected_rows (
    run_id       BIGINT NOT NULL,
    payload_id   BIGINT NOT NULL,
    source_name  VARCHAR NOT NULL,
    file         VARCHAR NOT NULL,
    sheet        VARCHAR,
    row_no       INTEGER,
    col          VARCHAR,
    locator      VARCHAR,
    raw_series   VARCHAR,
    raw_geo      VARCHAR,
    raw_period   VARCHAR,
    raw_value    VARCHAR,
    reason       VARCHAR NOT NULL
);

COMMENT ON TABLE agencies IS 'Lead and coordinating agencies named by Plan 185/KH-UBND, once each.';
COMMENT ON TABLE indicators IS 'Plan KPIs (role=kpi, kpi_no 1-7) and the input series used to compute them (role=input).';
COMMENT ON TABLE targets IS 'The plan''s 2025 targets as data: comparator, bounds, baseline 2020, horizon 2025, agencies and the plan''s wording.';
COMMENT ON TABLE plan_tasks IS 'The 35 programmes and projects of the plan''s appendix, with due dates and budgets parsed and the original cells kept.';
COMMENT ON TABLE series_map IS 'Which source series feed which plan indicator; source * matches any source.';
COMMENT ON TABLE etl_runs IS 'One row per pipeline run: when, outcome and row counts.';
COMMENT ON TABLE sources IS 'One row per payload (file or HTTP answer) a run read: where from, its sha256, fetch time, vintage, sample flag and outcome.';
COMMENT ON TABLE series IS 'Every series as its source defines it, and the plan indicator it feeds if mapped.';
COMMENT ON TABLE observations IS 'The long fact table: one value per series, geography, period and vintage. Trace any row through payload_id to sources.';
COMMENT ON TABLE rejected_rows IS 'Every input row that did not load, with where it was and why.';
COMMENT ON COLUMN observations.geo_code IS 'GSO province code (01 = Hà Nội), VN for the whole country, ISO-3 for other countries; NULL when the source names none.';
COMMENT ON COLUMN observations.vintage IS 'When the source published this value (or, if it does not say, when chitieu fetched it). Older vintages are kept.';
COMMENT ON COLUMN observations.origin IS 'Where in the payload the value was: sheet and cell, line, or key.';
COMMENT ON COLUMN observations.obs_status IS 'preliminary, estimated, missing, confidential, or the source''s own flag.';
COMMENT ON COLUMN sources.is_sample IS 'TRUE for bundled demonstration data that is not official.';
COMMENT ON COLUMN sources.http IS 'HTTP response metadata (status, ETag, Last-Modified) as JSON text; NULL for files.';
COMMENT ON COLUMN series.dims IS 'The source''s dimensions of the series as JSON text ({"SEX":"T"}).';
