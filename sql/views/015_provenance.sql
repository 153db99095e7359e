-- Which kind of evidence each value is, which source a KPI takes it from,
-- and where a published figure was quoted from. Created before the KPI
-- views (020_kpi.sql), which read observation_evidence_as_of.

-- citation_published(c): the date of the page a citation quotes, from its
-- "published" field (YYYY-MM-DD, or YYYY-MM and YYYY taken as the first day);
-- NULL when the page showed none.
CREATE OR REPLACE MACRO citation_published(c) AS
    TRY_CAST(CASE length(c ->> 'published')
                 WHEN 4 THEN (c ->> 'published') || '-01-01'
                 WHEN 7 THEN (c ->> 'published') || '-01'
                 ELSE c ->> 'published' END AS DATE);

-- citation_release_rank(c): how final a published figure is, for ranking
-- figures of one source: a revised figure (0) before one that says nothing
-- (1), an estimate (2) and a first estimate (3).
CREATE OR REPLACE MACRO citation_release_rank(c) AS
    CASE c ->> 'status' WHEN 'revised' THEN 0 WHEN 'estimate' THEN 2 WHEN 'first estimate' THEN 3 ELSE 1 END;

-- observation_evidence_as_of(t): every value of a plan indicator known at
-- time t (the newest vintage of each series, place and period), with its
-- source's kind of evidence and precedence, and evidence_rank: 1 for the
-- value a KPI uses for that indicator, place and period, 2… for the others
-- (kept, not hidden: kpi_candidates can show them). The lowest precedence
-- wins; between values of one precedence (one published-figures source
-- holding a first estimate and the revised figure), the most final release
-- (citation_release_rank), then the one published last, then the newest
-- vintage. Sample data ranks last unless its source
-- declared otherwise. Mapped series only (mapped_observations_as_of), as
-- in indicator_values_as_of.
CREATE OR REPLACE MACRO observation_evidence_as_of(t) AS TABLE
    SELECT o.series_id, o.indicator_code, o.geo_code, o.period_kind, o.period_start, o.period_end,
           year(o.period_start) AS year, o.value, o.unit, o.obs_status, o.source_name,
           coalesce(s.precedence, CASE WHEN s.is_sample THEN 1000 ELSE 100 END) AS precedence,
           coalesce(s.evidence, CASE WHEN s.is_sample THEN 'sample' END, 'unstated') AS evidence,
           o.citation, o.payload_id, o.vintage,
           row_number() OVER (
               PARTITION BY o.indicator_code, o.geo_code, o.period_start, o.period_end
               ORDER BY coalesce(s.precedence, CASE WHEN s.is_sample THEN 1000 ELSE 100 END),
                        citation_release_rank(o.citation),
                        citation_published(o.citation) DESC NULLS LAST,
                        o.vintage DESC, o.payload_id DESC, o.series_id) AS evidence_rank
    FROM mapped_observations_as_of(t) o
    JOIN sources s USING (payload_id)
    WHERE o.value IS NOT NULL;

CREATE OR REPLACE VIEW observation_evidence AS
    SELECT * FROM observation_evidence_as_of(TIMESTAMP '9999-12-31');

-- value_provenance: every observation with where it came from: the
-- payload (file or URL, fetch time, sha256), the kind of evidence and
-- precedence of its source, and for a published figure the citation as
-- columns (publisher, the page's address and date, the quoted sentence,
-- the method or status of the figure).
CREATE OR REPLACE VIEW value_provenance AS
    SELECT o.series_id, o.indicator_code, o.geo_code, o.period_kind, o.period_start, year(o.period_start) AS year,
           o.value, o.unit, o.obs_status, o.source_name,
           coalesce(s.evidence, CASE WHEN s.is_sample THEN 'sample' END, 'unstated') AS evidence,
           coalesce(s.precedence, CASE WHEN s.is_sample THEN 1000 ELSE 100 END) AS precedence,
           s.is_sample, s.uri AS source_uri, o.origin, s.fetched_at, o.vintage, s.sha256,
           coalesce(o.citation ->> 'publisher', s.publisher) AS publisher,
           o.citation ->> 'url' AS url,
           o.citation ->> 'published' AS published,
           o.citation ->> 'status' AS release,
           o.citation ->> 'quote' AS quote,
           o.citation ->> 'method' AS method,
           o.citation ->> 'note' AS citation_note,
           o.payload_id, o.run_id
    FROM observations o JOIN sources s USING (payload_id);

COMMENT ON MACRO TABLE mapped_observations_as_of IS 'observations_as_of(t) for the series that feed a plan indicator only: the newest vintage at t of each series, place and period.';
COMMENT ON MACRO TABLE observation_evidence_as_of IS 'observation_evidence as known at time t: every indicator value with its kind of evidence (official, published, sample), its source''s precedence and evidence_rank (1 = the value a KPI uses).';
COMMENT ON VIEW observation_evidence IS 'Every value of a plan indicator (newest vintage), with its kind of evidence (official, published, sample), its source''s precedence, its citation, and evidence_rank: 1 for the value a KPI uses for that indicator, place and period (lowest precedence, then the latest published), 2… for the others.';
COMMENT ON VIEW value_provenance IS 'Every observation with its source (file or URL, fetch time, sha256), kind of evidence and precedence, and for a published figure its citation: publisher, page address (url), page date (published), the quoted sentence and the method.';
