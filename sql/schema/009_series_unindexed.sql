-- chitieu warehouse, version 9: series without a PRIMARY KEY index.
--
-- DuckDB keeps a table's ART index in memory while a transaction inserts
-- into it, and cannot spill it: recording the series of a workbook with
-- 1,000,000 long-named series ran out of the loading default's 64 MB
-- ("record series: Out of Memory Error"), where the same rows into the
-- table without the key loaded within it. series_id stays unique by how it
-- is written: one statement adds series (sql/load/merge_series.sql), one
-- of each id that the table does not hold, and only the writer that holds
-- the warehouse's lock runs it. DuckDB cannot drop a primary key in place,
-- so the table is rebuilt.

CREATE TABLE series_unindexed (
    series_id         VARCHAR NOT NULL,
    source_name       VARCHAR NOT NULL,
    source_code       VARCHAR NOT NULL,
    name              VARCHAR,
    unit              VARCHAR,
    dims              VARCHAR,
    indicator_code    VARCHAR,
    first_payload_id  BIGINT NOT NULL
);
INSERT INTO series_unindexed SELECT * FROM series;
DROP TABLE series;
ALTER TABLE series_unindexed RENAME TO series;

COMMENT ON TABLE series IS 'Every series as its source defines it, and the plan indicator it feeds if mapped. One row per series_id (kept unique by the loader, without an index).';
COMMENT ON COLUMN series.series_id IS 'Identifier of the series: source name / the source''s own series code (skhcn-report/PATENT_APPS). Unique.';
COMMENT ON COLUMN series.source_name IS 'Source that defines the series.';
COMMENT ON COLUMN series.source_code IS 'The series code as the source writes it.';
COMMENT ON COLUMN series.name IS 'The series name as the source writes it.';
COMMENT ON COLUMN series.unit IS 'The unit as the source writes it.';
COMMENT ON COLUMN series.dims IS 'The source''s dimensions of the series as JSON text ({"SEX":"T"}).';
COMMENT ON COLUMN series.indicator_code IS 'Plan indicator (indicators.code) the series feeds; NULL when unmapped.';
COMMENT ON COLUMN series.first_payload_id IS 'Payload (sources.payload_id) the series was first seen in.';
