-- chitieu warehouse, version 4: territorial changes that break series, and
-- the geography a series map entry gives rows that name none.
--
-- Hà Tây was merged into Hà Nội on 1 August 2008, and Hà Nội's series
-- roughly double from 2008 (labour force 1,653.7 → 3,421.2 thousand): a
-- growth rate across the change measures the merger, not growth. The
-- changes are reference data (transform/plan/boundary_changes.tsv, seeded
-- on every write-open); the view series_breaks and every growth rate of
-- sql/views/020_kpi.sql read them.

CREATE TABLE boundary_changes (
    geo_code       VARCHAR NOT NULL,
    change_date    DATE NOT NULL,
    absorbed_geo   VARCHAR,
    absorbed_name  VARCHAR,
    note           VARCHAR NOT NULL,
    PRIMARY KEY (geo_code, change_date)
);

COMMENT ON TABLE boundary_changes IS 'Changes of a province''s territory (mergers, transfers) that break its series: growth rates across one are left out of the KPIs (see series_breaks). Seeded from transform/plan/boundary_changes.tsv.';
COMMENT ON COLUMN boundary_changes.geo_code IS 'Geography whose territory changed (GSO code; 01 = Hà Nội).';
COMMENT ON COLUMN boundary_changes.change_date IS 'Day the change took effect. A period containing it counts as after the change (GSO publishes the year of a merger for the new territory).';
COMMENT ON COLUMN boundary_changes.absorbed_geo IS 'Geography code of the unit merged into geo_code (HATAY = Hà Tây); NULL when geo_code lost or gained only part of a unit. Its series end at the change and are never added to geo_code''s.';
COMMENT ON COLUMN boundary_changes.absorbed_name IS 'Name of the absorbed unit, with diacritics.';
COMMENT ON COLUMN boundary_changes.note IS 'The legal act and what changed.';

ALTER TABLE series_map ADD COLUMN geo_code VARCHAR;
COMMENT ON COLUMN series_map.geo_code IS 'Geography given to the series'' rows that name none (VN for a national table''s total); NULL leaves them without one.';
