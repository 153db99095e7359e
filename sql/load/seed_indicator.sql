-- One indicator of transform/plan/indicators.tsv. The period kinds come as
-- one comma-separated string, twice (empty: any kind, stored as NULL).
INSERT INTO indicators
    (code, kpi_no, role, name_vi, name_en, unit, valid_min, valid_max, definition, period_kinds)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = '' THEN NULL ELSE string_split(?, ',') END);
