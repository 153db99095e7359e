-- chitieu warehouse, version 3: what the KPI computations need beyond
-- version 1. Each indicator says which period kinds its values may have
-- (a rank or a TFP share exists only for a whole year), and the constants
-- of the computations (the default capital share α, the ESCAP progress
-- thresholds) are data, so a result can always be traced to the value
-- that produced it.

ALTER TABLE indicators ADD COLUMN period_kinds VARCHAR[];

CREATE TABLE kpi_parameters (
    name         VARCHAR PRIMARY KEY,
    value        DOUBLE NOT NULL,
    unit         VARCHAR,
    description  VARCHAR NOT NULL,
    source       VARCHAR NOT NULL
);

COMMENT ON COLUMN indicators.period_kinds IS 'Period kinds a value may have (year, half, quarter, month, ytd); NULL accepts any. Other kinds are rejected to rejected_rows.';
COMMENT ON TABLE kpi_parameters IS 'Constants of the KPI computations and the progress assessment: default capital share α and depreciation rate δ for TFP growth accounting, ESCAP anticipated-progress thresholds. Seeded from transform/plan/parameters.tsv.';
COMMENT ON COLUMN kpi_parameters.name IS 'Parameter name: capital_share_alpha, depreciation_rate, progress_on_track, progress_at_risk.';
COMMENT ON COLUMN kpi_parameters.value IS 'The value used (α as a share of 1; thresholds as ratios).';
COMMENT ON COLUMN kpi_parameters.unit IS 'Unit of the value (share, ratio).';
COMMENT ON COLUMN kpi_parameters.description IS 'What the parameter does in the computation.';
COMMENT ON COLUMN kpi_parameters.source IS 'Where the value comes from, and how to override it.';
