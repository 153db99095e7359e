-- One target of a plan's targets.tsv, original or amendment. The
-- coordinating agencies come as one comma-separated string, twice (empty:
-- none).
INSERT INTO targets (plan_id, kpi_code, kpi_no, comparator, bound_low, bound_high, tolerance,
    baseline_year, horizon_year, target_kind, average_method, lead_agency, coordinating_agencies, wording_vi, wording_en,
    direction, reading, in_force_from, decision, decision_date)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = '' THEN []::VARCHAR[] ELSE string_split(?, ',') END, ?, ?, ?, ?, ?, ?, ?);
