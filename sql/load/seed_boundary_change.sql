-- One boundary change of transform/plan/boundary_changes.tsv.
INSERT INTO boundary_changes (geo_code, change_date, absorbed_geo, absorbed_name, note, name_after)
VALUES (?, ?, ?, ?, ?, ?);
