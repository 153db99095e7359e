-- One target of transform/plan/targets.tsv. The coordinating agencies come
-- as one comma-separated string, twice (empty: none).
INSERT INTO targets (kpi_code, kpi_no, comparator, bound_low, bound_high, tolerance,
    baseline_year, horizon_year, target_kind, average_method, lead_agency, coordinating_agencies, wording_vi, wording_en,
    direction, reading)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = '' THEN []::VARCHAR[] ELSE string_split(?, ',') END, ?, ?, ?, ?);
