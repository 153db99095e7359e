-- chitieu warehouse, version 7: places read in their own scheme, the
-- places table, and the 1 July 2025 reorganisation into 34 provinces in
-- boundary_changes.
--
-- Statistics Sweden numbers Stockholm county 01, GSO numbers Hà Nội 01: a
-- place is now read in its source's scheme (transform.PlaceReader), and one
-- in no known scheme keeps its source's code as source:code. places lists
-- the Vietnamese places a geo_code can name, so a query can keep to them.
--
-- Resolution 202/2025/QH15 merged 52 province-level units into 23; a new
-- unit can absorb two others (Phú Thọ took Vĩnh Phúc and Hoà Bình), so a
-- geography can have several changes on one day and the key of version 4
-- (geo_code, change_date) no longer fits. A new unit also often carries a
-- former unit's code under another name (24, Bắc Giang until 30 June 2025,
-- is the new Bắc Ninh): name_after says so. The table is reference data,
-- seeded on every write-open, so it is re-created empty here.

DROP TABLE boundary_changes;

CREATE TABLE boundary_changes (
    geo_code       VARCHAR NOT NULL,
    change_date    DATE NOT NULL,
    absorbed_geo   VARCHAR,
    absorbed_name  VARCHAR,
    note           VARCHAR NOT NULL,
    name_after     VARCHAR,
    UNIQUE (geo_code, change_date, absorbed_geo)
);

COMMENT ON TABLE boundary_changes IS 'Changes of a province''s territory (mergers, transfers) that break its series: growth rates across one are left out of the KPIs (see series_breaks). One row per absorbed unit. Includes the 1 July 2025 reorganisation into 34 provinces (Resolution 202/2025/QH15); units not listed for that date, Hà Nội among them, were not changed. Seeded from transform/plan/boundary_changes.tsv.';
COMMENT ON COLUMN boundary_changes.geo_code IS 'Geography whose territory changed (GSO code; 01 = Hà Nội). From 1 July 2025 a code may name a merged unit called otherwise (see name_after).';
COMMENT ON COLUMN boundary_changes.change_date IS 'Day the change took effect. A period containing it counts as after the change (GSO publishes the year of a merger for the new territory).';
COMMENT ON COLUMN boundary_changes.absorbed_geo IS 'Geography code of the unit merged into geo_code (HATAY = Hà Tây; 27 = Bắc Ninh before 1 July 2025); NULL when geo_code lost or gained only part of a unit. Its series end at the change and are never added to geo_code''s.';
COMMENT ON COLUMN boundary_changes.absorbed_name IS 'Name of the absorbed unit, with diacritics.';
COMMENT ON COLUMN boundary_changes.note IS 'The legal act and what changed.';
COMMENT ON COLUMN boundary_changes.name_after IS 'Name of geo_code''s unit after the change (Bắc Ninh for 24 from 1 July 2025); NULL when the name did not change.';

CREATE TABLE places (
    geo_code     VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    level        VARCHAR NOT NULL,
    parent_code  VARCHAR
);

COMMENT ON TABLE places IS 'The Vietnamese places a geo_code can name: the whole country (VN), GSO''s six regions (R1–R6), the 63 provinces of 2008–2025 (GSO codes), Hà Tây (HATAY, merged into Hà Nội in 2008) and Hà Nội''s districts (01.001 = Ba Đình). A geo_code not here is another country (ISO 3166-1, JPN) or a place kept in its source''s own scheme (source:code). Seeded from transform (geo.go, hanoi_districts.tsv).';
COMMENT ON COLUMN places.geo_code IS 'The code observations.geo_code uses.';
COMMENT ON COLUMN places.name IS 'Vietnamese name, with diacritics (a district with its kind: Quận Ba Đình).';
COMMENT ON COLUMN places.level IS 'country, region, province, district, or former_province (Hà Tây).';
COMMENT ON COLUMN places.parent_code IS 'The place it belongs to: VN for regions and provinces, the province for a district.';

COMMENT ON COLUMN observations.geo_code IS 'Where the value is about, read in its source''s scheme: a GSO province code (01 = Hà Nội), a district under it (01.001 = Ba Đình), R1–R6 for GSO''s regions, VN for the whole country, an ISO 3166-1 code for another country (JPN), or source:code for a place in no known scheme (scb_BE0101F1nildotsymbols:01 is Stockholm county, never Hà Nội); NULL when the source names none. The Vietnamese ones are in places.';

CREATE TABLE source_places (
    geo_code          VARCHAR PRIMARY KEY,
    source_name       VARCHAR NOT NULL,
    code              VARCHAR NOT NULL,
    label             VARCHAR,
    first_payload_id  BIGINT NOT NULL
);

COMMENT ON TABLE source_places IS 'Places kept in their source''s own scheme (geo_code source:code), with the label the source gives them: scb_BE0101F1nildotsymbols:01 is Stockholm county. Filled as payloads load; a place of no known scheme is kept, never guessed onto a Vietnamese one.';
COMMENT ON COLUMN source_places.geo_code IS 'The observations.geo_code of the place: the source''s name, a colon and its code.';
COMMENT ON COLUMN source_places.source_name IS 'The source whose scheme the code is from.';
COMMENT ON COLUMN source_places.code IS 'The place as the source writes it (its code, or its name when it gives no code).';
COMMENT ON COLUMN source_places.label IS 'The source''s label for the place (PX VALUES, JSON-stat category label); NULL when it gives none.';
COMMENT ON COLUMN source_places.first_payload_id IS 'The payload the place was first read from (sources.payload_id).';
