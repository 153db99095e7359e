-- chitieu warehouse, version 8: what kind of evidence each value is, which
-- source a KPI prefers when several give the same value, and where a
-- published figure was quoted from.
--
-- The default run loads official statistics (NSO PX-Web tables), figures
-- quoted from published pages (each with its publisher, address, date and
-- sentence) and, for the KPIs with no public figure, sample data. A KPI
-- must say which of the three its value is, and two sources of the same
-- indicator, place and year (GSO's and the ministry's digital economy
-- share; a first estimate and the revised figure) are both kept: the
-- sources file declares a precedence, and the view observation_evidence
-- (sql/views/015_provenance.sql) ranks by it.

ALTER TABLE sources ADD COLUMN evidence VARCHAR;
ALTER TABLE sources ADD COLUMN precedence INTEGER;
ALTER TABLE observations ADD COLUMN citation VARCHAR;

-- Payloads loaded before this version: sample data is known; the rest
-- declared nothing.
UPDATE sources SET evidence = 'sample' WHERE is_sample;
UPDATE sources SET precedence = CASE WHEN is_sample THEN 1000 ELSE 100 END;

COMMENT ON COLUMN sources.evidence IS 'Kind of evidence the payload''s values are: official (a statistics office''s table, an agency''s report), published (figures quoted from published pages, each with a citation), sample (made up for the demonstration); NULL when the source declared none. From sources.toml (evidence, sample).';
COMMENT ON COLUMN sources.precedence IS 'Rank among sources giving the same indicator, place and period: the lowest wins (observation_evidence). From sources.toml (precedence); 100 when not declared, 1000 for sample data.';
COMMENT ON COLUMN observations.citation IS 'For a figure quoted from a published page: JSON with publisher, url, published (the page''s date), quote (the sentence), method; NULL when the payload itself is the evidence. value_provenance shows it as columns.';
