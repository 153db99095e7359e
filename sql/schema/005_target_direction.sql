-- chitieu warehouse, version 5: which way each target is better and how its
-- wording was read, and the changes of a statistic's definition that break
-- its series.
--
-- A band such as "7.0–7.5 %" for productivity growth, or "about 30 %" for
-- the digital economy, is a floor to reach when more is better: exceeding
-- it is over-achievement, not failure. Only a target whose direction is
-- two_sided fails above its band. Rank targets are better down.

ALTER TABLE targets ADD COLUMN direction VARCHAR;
ALTER TABLE targets ADD COLUMN reading VARCHAR;

CREATE TABLE definition_changes (
    indicator_code  VARCHAR NOT NULL,
    geo_code        VARCHAR NOT NULL,
    change_date     DATE NOT NULL,
    note            VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    PRIMARY KEY (indicator_code, geo_code, change_date)
);

COMMENT ON COLUMN targets.direction IS 'Which way is better: up (a band is met at its lower edge and exceeded above it), down (ranks), or two_sided (a band that fails above as well as below).';
COMMENT ON COLUMN targets.reading IS 'How the plan''s wording was read, in words (transform/plan/targets.tsv).';
COMMENT ON TABLE definition_changes IS 'Changes of what a statistic counts that break its series (GSO''s 2021 employment count leaves out own-consumption farm workers): growth rates across one are left out of the KPIs (see series_breaks). Seeded from transform/plan/definition_changes.tsv.';
COMMENT ON COLUMN definition_changes.indicator_code IS 'Plan indicator whose definition changed.';
COMMENT ON COLUMN definition_changes.geo_code IS 'Geography affected, or * for every geography.';
COMMENT ON COLUMN definition_changes.change_date IS 'First day counted under the new definition; a period containing it counts as after the change.';
COMMENT ON COLUMN definition_changes.note IS 'What changed, with the size of the step where known.';
COMMENT ON COLUMN definition_changes.source IS 'Where the change is documented: publisher, address and the quoted sentence.';

-- Published labour shares of income: the weights of the growth accounting
-- of KPI 1 (α = 1 − labour_share / 100), cited, per geography and year.
CREATE TABLE factor_shares (
    geo_code      VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    labour_share  DOUBLE NOT NULL,
    source        VARCHAR NOT NULL,
    PRIMARY KEY (geo_code, year)
);

COMMENT ON TABLE factor_shares IS 'Published labour income shares of output by geography and year (ILOSTAT SDG 10.4.1 for Viet Nam): growth accounting takes α = 1 − labour_share/100 where no CAPITAL_SHARE is published; a province without its own uses Viet Nam''s (VN). Seeded from transform/plan/factor_shares.tsv.';
COMMENT ON COLUMN factor_shares.geo_code IS 'Geography (VN = Viet Nam).';
COMMENT ON COLUMN factor_shares.year IS 'Year.';
COMMENT ON COLUMN factor_shares.labour_share IS 'Labour income share of output, % (1 − α, × 100).';
COMMENT ON COLUMN factor_shares.source IS 'Publisher, series and status of the figure.';
