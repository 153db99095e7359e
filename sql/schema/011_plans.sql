-- chitieu warehouse, version 11: several plans, each as data.
--
-- Plan 185/KH-UBND is the first plan chitieu follows, not the last. A plan
-- is a folder of data files (transform/plan/folder.go): its header
-- (plans), the reviews it foresees (plan_reviews), its KPIs with the
-- formula of each (indicators with plan_id, kpi_formula_inputs), its
-- targets with their amendments (targets), and its tasks (plan_tasks).
-- Every open re-seeds the built-in plans and every run the plans its
-- sources file names; a plan is replaced as a whole, and a plan nobody
-- seeds again stays as it was.
--
-- targets and plan_tasks are reference data re-seeded on every open, so
-- they are made again here with the plan in them; task_progress keeps its
-- rows and gains the plan they report on (until now, Plan 185).
--
-- The new tables declare no PRIMARY KEY: their rows come only from plan
-- folders that transform/plan has checked (one plan id, one target per
-- KPI, horizon and date, one task per number), and every DuckDB index
-- takes buffer memory for as long as the file is open — five more took
-- 1.5 MB, enough to push the 40 MB load of TestManySeriesWithinMemoryLimit
-- out of memory.

CREATE TABLE plans (
    plan_id        VARCHAR NOT NULL,
    number         VARCHAR NOT NULL,
    title_vi       VARCHAR NOT NULL,
    title_en       VARCHAR,
    issuer         VARCHAR NOT NULL,
    issued_on      DATE NOT NULL,
    first_year     INTEGER NOT NULL,
    last_year      INTEGER NOT NULL,
    baseline_year  INTEGER NOT NULL,
    geo_code       VARCHAR NOT NULL,
    folder         VARCHAR NOT NULL
);

CREATE TABLE plan_reviews (
    plan_id   VARCHAR NOT NULL,
    review    VARCHAR NOT NULL,
    year      INTEGER NOT NULL,
    as_of     TIMESTAMP,
    title_vi  VARCHAR NOT NULL,
    title_en  VARCHAR
);

ALTER TABLE indicators ADD COLUMN plan_id VARCHAR;
ALTER TABLE indicators ADD COLUMN label VARCHAR;
ALTER TABLE indicators ADD COLUMN formula_kind VARCHAR;
ALTER TABLE indicators ADD COLUMN formula VARCHAR;

CREATE TABLE kpi_formula_inputs (
    kpi_code        VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,
    input_code      VARCHAR NOT NULL
);

DROP TABLE targets;
CREATE TABLE targets (
    plan_id                VARCHAR NOT NULL,
    kpi_code               VARCHAR NOT NULL,
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
    wording_en             VARCHAR,
    direction              VARCHAR NOT NULL,
    reading                VARCHAR NOT NULL,
    in_force_from          DATE NOT NULL,
    decision               VARCHAR NOT NULL,
    decision_date          DATE NOT NULL
);

DROP TABLE plan_tasks;
CREATE TABLE plan_tasks (
    plan_id                VARCHAR NOT NULL,
    task_no                INTEGER NOT NULL,
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

ALTER TABLE task_progress ADD COLUMN plan_id VARCHAR;
UPDATE task_progress SET plan_id = 'hn-185-2021';

COMMENT ON TABLE plans IS 'The plans the warehouse follows, one row each (plan.tsv of the plan''s folder): number, issuer, date, period, baseline year and the place its KPIs measure.';
COMMENT ON COLUMN plans.plan_id IS 'Short name of the plan (hn-185-2021), as --plan takes it.';
COMMENT ON COLUMN plans.number IS 'The document''s number (185/KH-UBND).';
COMMENT ON COLUMN plans.issuer IS 'Issuing body (agencies.code).';
COMMENT ON COLUMN plans.issued_on IS 'Date signed: its original targets are in force from then.';
COMMENT ON COLUMN plans.first_year IS 'First year of the plan''s period.';
COMMENT ON COLUMN plans.last_year IS 'Last year of the plan''s period; the plan is in force until the end of it.';
COMMENT ON COLUMN plans.baseline_year IS 'The year the targets are measured from.';
COMMENT ON COLUMN plans.geo_code IS 'The place the KPIs measure (places.geo_code: 01 = Hà Nội).';
COMMENT ON COLUMN plans.folder IS 'Where the plan''s data files were read from.';
COMMENT ON TABLE plan_reviews IS 'The reviews each plan foresees (reviews.tsv): chitieu report --review NAME.';
COMMENT ON COLUMN plan_reviews.year IS 'Last year the review covers.';
COMMENT ON COLUMN plan_reviews.as_of IS 'The moment whose knowledge the review reads; NULL: everything known when the report is made.';
COMMENT ON COLUMN indicators.plan_id IS 'The plan whose KPI this is (plans.plan_id); NULL for an input series, shared by every plan.';
COMMENT ON COLUMN indicators.label IS 'The KPI''s number in its plan (1, 7A).';
COMMENT ON COLUMN indicators.formula_kind IS 'How the KPI is computed: reported, ratio, growth_of_ratio, growth_accounting, rank or rank_of_growth (kpi_formula_inputs gives its inputs).';
COMMENT ON COLUMN indicators.formula IS 'The formula as the plan''s kpis.tsv writes it.';
COMMENT ON TABLE kpi_formula_inputs IS 'The inputs of each KPI''s formula, by role (numerator, denominator, output, labour, capital, input …): the KPI views read their input codes from here.';
COMMENT ON TABLE targets IS 'Each plan''s targets as data (targets.tsv): comparator, bounds, baseline and horizon years, agencies, the plan''s wording and how it is read; an amendment is another row from a later date, with the deciding document.';
COMMENT ON COLUMN targets.plan_id IS 'The plan (plans.plan_id).';
COMMENT ON COLUMN targets.in_force_from IS 'First day the target is in force: the plan''s date, or an amendment''s; the target in force at a time t is the one with the latest in_force_from on or before t.';
COMMENT ON COLUMN targets.decision IS 'The document that set the target: the plan''s number, or the amending decision''s.';
COMMENT ON COLUMN targets.decision_date IS 'Date of that document.';
COMMENT ON COLUMN targets.direction IS 'Which way is better: up (a band is met at its lower edge and exceeded above it), down (ranks), or two_sided (a band that fails above as well as below).';
COMMENT ON COLUMN targets.reading IS 'How the plan''s wording was read, in words (the plan''s targets.tsv).';
COMMENT ON TABLE plan_tasks IS 'The programmes and projects of each plan''s appendix, with due dates and budgets parsed and the original cells kept.';
COMMENT ON COLUMN task_progress.plan_id IS 'The plan whose task this is (plan_tasks.plan_id).';

-- The column descriptions of 002_comments.sql, made again with the tables.
COMMENT ON COLUMN targets.kpi_code IS 'The KPI (indicators.code) this target is for.';
COMMENT ON COLUMN targets.kpi_no IS 'The KPI''s number in its plan (the label''s number: 7 for 7A).';
COMMENT ON COLUMN targets.comparator IS 'gt (>), ge (≥), between (bound_low-bound_high), approx (bound_low ± tolerance), rank_le (rank ≤ bound_low).';
COMMENT ON COLUMN targets.bound_low IS 'Target value, or the lower bound of a range.';
COMMENT ON COLUMN targets.bound_high IS 'Upper bound for between; NULL otherwise.';
COMMENT ON COLUMN targets.tolerance IS 'For approx: how far from bound_low still counts as met ("khoảng 30%" = 30 ± 2).';
COMMENT ON COLUMN targets.baseline_year IS 'Baseline year of the plan (plans.baseline_year: 2020 for Plan 185).';
COMMENT ON COLUMN targets.horizon_year IS 'Year the target is for (2025 for Plan 185).';
COMMENT ON COLUMN targets.target_kind IS 'level: the value to reach by the horizon; annual_average: the average over the plan''s years to the horizon.';
COMMENT ON COLUMN targets.average_method IS 'For annual_average targets: geometric (growth rates), arithmetic (shares) or growth_weighted (a share of growth).';
COMMENT ON COLUMN targets.lead_agency IS 'Agency (agencies.code) that leads this target.';
COMMENT ON COLUMN targets.coordinating_agencies IS 'Agencies (agencies.code) that coordinate.';
COMMENT ON COLUMN targets.wording_vi IS 'The plan''s own sentence for the target, in Vietnamese.';
COMMENT ON COLUMN targets.wording_en IS 'English translation of the plan''s sentence.';

COMMENT ON COLUMN plan_tasks.task_no IS 'Number of the task in the plan''s appendix (1-35 for Plan 185).';
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
COMMENT ON COLUMN plans.title_vi IS 'The plan''s title, in Vietnamese.';
COMMENT ON COLUMN plans.title_en IS 'The plan''s title, in English.';
COMMENT ON COLUMN plan_reviews.plan_id IS 'The plan (plans.plan_id).';
COMMENT ON COLUMN plan_reviews.review IS 'The review''s name (midterm-2023, final-2025), as chitieu report --review takes it.';
COMMENT ON COLUMN plan_reviews.title_vi IS 'The review report''s title, in Vietnamese.';
COMMENT ON COLUMN plan_reviews.title_en IS 'The review report''s title, in English.';
COMMENT ON COLUMN kpi_formula_inputs.kpi_code IS 'The KPI (indicators.code).';
COMMENT ON COLUMN kpi_formula_inputs.role IS 'The input''s role in the formula''s kind: numerator, denominator, numerator_growth, output, output_growth, labour, capital, capital_share, investment, not_fixed, input.';
COMMENT ON COLUMN kpi_formula_inputs.input_code IS 'The input series (indicators.code).';
COMMENT ON COLUMN plan_tasks.plan_id IS 'The plan (plans.plan_id).';
