-- One line of transform/plan/series_map.tsv: a source's series feeding a
-- plan indicator.
INSERT INTO series_map (source, series_code, indicator_code, factor, note, geo_code)
VALUES (?, ?, ?, ?, ?, ?);
