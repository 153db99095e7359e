-- One indicator: an input series of transform/plan/inputs.tsv, or a KPI of
-- a plan's kpis.tsv with its plan, label and formula. The period kinds come
-- as one comma-separated string, twice (empty: any kind, stored as NULL).
INSERT INTO indicators
    (code, kpi_no, role, name_vi, name_en, unit, valid_min, valid_max, definition, period_kinds, plan_id, label, formula_kind, formula)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = '' THEN NULL ELSE string_split(?, ',') END, ?, ?, ?, ?);
