-- The plan's KPIs, computed from the observations as known at a time t, and
-- their progress against the 2025 targets. Every relation here is a table
-- macro of t (so the 2023 mid-term review can be reproduced with
-- t = 2023-11-30) with a view at t = infinity for the newest vintages.
-- The formulas are in the README ("How a KPI is computed" and "How progress
-- is judged"); the hand-computed cases that pin them are in load/kpi_test.go.

-- Boundary changes (the boundary_changes table, seeded from
-- transform/plan/boundary_changes.tsv) break series: Hà Tây was merged into
-- Hà Nội on 1 August 2008 and Hà Nội's 2008 figures are those of the new,
-- twice as large territory. A growth step from an earlier period to a later
-- one crosses a change when the earlier period ends before the change date
-- and the later one ends on or after it (a period containing the date counts
-- as after the change: GSO publishes the year of a merger for the new
-- territory). Both the absorbing and the absorbed geography are broken.
-- boundary_break(geo, prev_end, cur_end) is the flag of such a step, or NULL.
CREATE OR REPLACE MACRO boundary_break(geo, prev_end, cur_end) AS (
    SELECT 'break: boundary change ' || strftime(min(b.change_date), '%Y-%m-%d')
    FROM boundary_changes b
    WHERE geo IN (b.geo_code, b.absorbed_geo)
      AND b.change_date > CAST(prev_end AS DATE) AND b.change_date <= CAST(cur_end AS DATE)
);

-- year_break(geo, year): the flag of the annual step from year - 1 to year.
CREATE OR REPLACE MACRO year_break(geo, yr) AS
    boundary_break(geo, make_date(CAST(yr AS INTEGER) - 1, 12, 31), make_date(CAST(yr AS INTEGER), 12, 31));

-- Definition changes (the definition_changes table, seeded from
-- transform/plan/definition_changes.tsv) break series as boundary changes
-- do: GSO's employment count leaves out own-consumption farm workers from
-- 2021, so employment "falls" from 2020 to 2021 by definition.
-- definition_break(code, geo, prev_end, cur_end) is the flag of a step of
-- indicator code in geo that crosses such a change, or NULL.
CREATE OR REPLACE MACRO definition_break(code, geo, prev_end, cur_end) AS (
    SELECT 'break: definition change ' || strftime(min(d.change_date), '%Y-%m-%d') || ' (' || code || ')'
    FROM definition_changes d
    WHERE d.indicator_code = code AND d.geo_code IN (geo, '*')
      AND d.change_date > CAST(prev_end AS DATE) AND d.change_date <= CAST(cur_end AS DATE)
);

-- year_definition_break(code, geo, year): definition_break for the annual
-- step from year - 1 to year.
CREATE OR REPLACE MACRO year_definition_break(code, geo, yr) AS
    definition_break(code, geo, make_date(CAST(yr AS INTEGER) - 1, 12, 31), make_date(CAST(yr AS INTEGER), 12, 31));

-- series_breaks: every growth step of a series (consecutive values of one
-- series, geography and period kind, newest vintages) that crosses a
-- boundary change or a definition change, with the growth it would wrongly
-- show.
CREATE OR REPLACE VIEW series_breaks AS
WITH steps AS (
    SELECT series_id, indicator_code, geo_code, period_kind, period_start, period_end, value,
           lag(period_start) OVER w AS prev_start, lag(period_end) OVER w AS prev_end, lag(value) OVER w AS prev_value
    FROM observations_latest
    WHERE value IS NOT NULL
      AND (geo_code IN (SELECT geo_code FROM boundary_changes UNION SELECT absorbed_geo FROM boundary_changes)
           OR indicator_code IN (SELECT indicator_code FROM definition_changes))
    WINDOW w AS (PARTITION BY series_id, geo_code, period_kind ORDER BY period_start)
),
breaks AS (
    SELECT s.*, 'boundary' AS break_kind, b.change_date, b.geo_code AS changed_geo, b.absorbed_geo, b.absorbed_name,
           b.note, 'break: boundary change ' || strftime(b.change_date, '%Y-%m-%d') AS flag
    FROM steps s
    JOIN boundary_changes b
      ON s.geo_code IN (b.geo_code, b.absorbed_geo)
     AND b.change_date > s.prev_end AND b.change_date <= s.period_end
    UNION ALL
    SELECT s.*, 'definition', d.change_date, NULL, NULL, NULL,
           d.note || ' Source: ' || d.source, 'break: definition change ' || strftime(d.change_date, '%Y-%m-%d') || ' (' || d.indicator_code || ')'
    FROM steps s
    JOIN definition_changes d
      ON d.indicator_code = s.indicator_code AND d.geo_code IN (s.geo_code, '*')
     AND d.change_date > s.prev_end AND d.change_date <= s.period_end
)
SELECT series_id, indicator_code, geo_code, period_kind,
       prev_start AS from_period, period_start AS to_period,
       prev_value AS from_value, value AS to_value,
       CASE WHEN prev_value <> 0 THEN (value / prev_value - 1) * 100 END AS spurious_growth,
       change_date, changed_geo, absorbed_geo, absorbed_name, flag, break_kind, note
FROM breaks
ORDER BY geo_code, series_id, to_period;

-- Evidence: what kind of figure a value is. A computed value is as strong as
-- its weakest input: official statistics (1), a published figure (2), a
-- source that does not say (3), sample data (4).
CREATE OR REPLACE MACRO evidence_level(e) AS
    CASE e WHEN 'official' THEN 1 WHEN 'published' THEN 2 WHEN 'sample' THEN 4 ELSE 3 END;
CREATE OR REPLACE MACRO evidence_name(l) AS
    CASE l WHEN 1 THEN 'official' WHEN 2 THEN 'published' WHEN 4 THEN 'sample' WHEN 3 THEN 'unstated' END;

-- kpi_inputs_as_of(t): the value of each indicator, place and period that
-- the KPIs use, as known at t: the one observation_evidence_as_of ranks
-- first (the source with the lowest precedence, then the most final
-- release), with its evidence level. Several sources and releases stay in
-- observation_evidence; kpi_candidates shows every reported one.
CREATE OR REPLACE MACRO kpi_inputs_as_of(t) AS TABLE
    SELECT indicator_code, geo_code, period_kind, period_start, period_end, year, value, unit, obs_status,
           series_id, payload_id, vintage, evidence, evidence_level(evidence) AS ev
    FROM observation_evidence_as_of(t)
    WHERE evidence_rank = 1;

-- kpi_plans: each KPI with its plan's place and years, and its formula's
-- kind (indicators.formula_kind); kpi_formula_inputs gives the inputs.
CREATE OR REPLACE VIEW kpi_plans AS
SELECT i.code AS kpi_code, i.plan_id, i.label AS kpi_label, i.formula_kind, i.formula,
       p.geo_code, coalesce(pl.name, p.geo_code) AS place_name, p.baseline_year, p.first_year, p.last_year
FROM indicators i JOIN plans p ON p.plan_id = i.plan_id
LEFT JOIN places pl ON pl.geo_code = p.geo_code
WHERE i.role = 'kpi';

-- tfp_accounting_as_of(t): growth accounting for every geography with the
-- series (geo_code: 01 Hà Nội, VN the whole country, …), year by year.
--   g_X     = (X_t / X_{t-1} - 1) × 100            simple annual growth, %
--   g_TFP   = g_Y - α·g_K - (1 - α)·g_L            Y = GRDP_CONST, L = EMPLOYED
--   share   = g_TFP / g_Y × 100                    (NULL when g_Y = 0)
--   K       = CAPITAL_STOCK where it is published for both years; else the
--             perpetual inventory of GFCF_CONST (investment at constant prices):
--               K_t = (1 - δ)·K_{t-1} + I_t,  K_first = I_first / (g_I + δ)
--             (Harberger's steady-state start, g_I the mean growth of I over
--             the years available, δ = kpi_parameters.depreciation_rate).
--             A year missing between two published years of I is filled at
--             constant growth: I_y = I_a·(I_b / I_a)^((y - a)/(b - a)) (GSO
--             published investment at constant prices for 2010 and 2013–2016
--             only); series_used names the filled years. Years before the
--             first or after the last published I are not extrapolated. The
--             inventory restarts after a boundary change (the stock of the
--             old territory is not the new one's).
--   α       = CAPITAL_SHARE / 100 published for the year, else the
--             kpi_parameters default capital_share_alpha (alpha_source says which)
--   flag    = 'break: boundary change YYYY-MM-DD' for a year whose step from
--             the year before crosses a boundary change: its growth rates
--             are NULL and it is left out of the period figures.
-- and, over 2021..year, the period figures: the mean growth rates and
-- share_period = mean g_TFP / mean g_Y × 100 (the share of the period's
-- growth, as statistics offices publish it for a five-year period), beside
-- share_mean = the mean of the yearly shares (what kpi_status averages).
CREATE OR REPLACE MACRO tfp_accounting_as_of(t) AS TABLE
WITH RECURSIVE av AS (
    -- the inputs of each growth-accounting KPI, by their role in its formula
    SELECT f.kpi_code, f.role, a.*
    FROM kpi_formula_inputs f JOIN kpi_plans k ON k.kpi_code = f.kpi_code AND k.formula_kind = 'growth_accounting'
    JOIN kpi_inputs_as_of(t) a ON a.indicator_code = f.input_code
    WHERE a.period_kind = 'year' AND a.geo_code IS NOT NULL
),
delta AS (
    SELECT value AS d FROM kpi_parameters WHERE name = 'depreciation_rate'
),
gfcf_obs AS (
    -- seg numbers the stretches between boundary changes of the geography.
    -- Capital is fixed capital: where the statistics office publishes the
    -- working-capital and "other" items of development investment for the
    -- year, they are taken out of the total (GSO's investment total includes
    -- "Supplement for working capital" and "Others", which build no fixed
    -- asset).
    SELECT total.kpi_code, total.geo_code, total.year,
           total.value - coalesce(nf.value, 0) AS i,
           total.series_id || coalesce(' less ' || nf.series, '') AS series_id,
           greatest(total.vintage, nf.vintage) AS vintage,
           greatest(total.ev, nf.ev) AS ev,
           (SELECT count(*) FROM boundary_changes b
             WHERE total.geo_code IN (b.geo_code, b.absorbed_geo) AND year(b.change_date) <= total.year) AS seg
    FROM av total
    LEFT JOIN (SELECT kpi_code, geo_code, year, sum(value) AS value,
                      string_agg(indicator_code || '=' || series_id, ' and ' ORDER BY indicator_code DESC) AS series,
                      max(vintage) AS vintage, max(ev) AS ev
               FROM av WHERE role = 'not_fixed' GROUP BY ALL) nf
      ON nf.kpi_code = total.kpi_code AND nf.geo_code = total.geo_code AND nf.year = total.year
    WHERE total.role = 'investment'
      AND total.value - coalesce(nf.value, 0) > 0
),
gfcf_years AS (
    SELECT kpi_code, geo_code, seg, unnest(range(min(year), max(year) + 1)) AS year,
           max(vintage) AS vintage, arg_max(series_id, year) AS series_id, max(ev) AS ev
    FROM gfcf_obs GROUP BY kpi_code, geo_code, seg
),
gfcf_gaps AS (
    SELECT y.kpi_code, y.geo_code, y.seg, y.year, y.series_id, y.vintage, y.ev, o.i,
           last_value(o.i IGNORE NULLS) OVER before AS i_prev, last_value(o.year IGNORE NULLS) OVER before AS y_prev,
           first_value(o.i IGNORE NULLS) OVER after AS i_next, first_value(o.year IGNORE NULLS) OVER after AS y_next
    FROM gfcf_years y LEFT JOIN gfcf_obs o ON o.kpi_code = y.kpi_code AND o.geo_code = y.geo_code AND o.year = y.year
    WINDOW before AS (PARTITION BY y.kpi_code, y.geo_code, y.seg ORDER BY y.year ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
           after AS (PARTITION BY y.kpi_code, y.geo_code, y.seg ORDER BY y.year ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
),
gfcf AS (
    SELECT kpi_code, geo_code, seg, year, series_id, vintage, ev, i IS NULL AS interpolated,
           coalesce(i, i_prev * pow(i_next / i_prev, CAST(year - y_prev AS DOUBLE) / (y_next - y_prev))) AS i
    FROM gfcf_gaps
),
gfcf_start AS (
    SELECT f.kpi_code, f.geo_code, f.seg, min(f.year) AS year,
           (SELECT avg(cur.i / prev.i - 1) FROM gfcf cur JOIN gfcf prev
              ON prev.kpi_code = cur.kpi_code AND prev.geo_code = cur.geo_code AND prev.seg = cur.seg AND prev.year = cur.year - 1
             WHERE cur.kpi_code = f.kpi_code AND cur.geo_code = f.geo_code AND cur.seg = f.seg) AS g,
           string_agg(CASE WHEN f.interpolated THEN CAST(f.year AS VARCHAR) END, ', ' ORDER BY f.year) AS filled
    FROM gfcf f GROUP BY f.kpi_code, f.geo_code, f.seg
),
pim(kpi_code, geo_code, seg, year, k) AS (
    SELECT f.kpi_code, f.geo_code, f.seg, f.year, f.i / (coalesce(s.g, 0) + dl.d)
    FROM gfcf f JOIN gfcf_start s ON s.kpi_code = f.kpi_code AND s.geo_code = f.geo_code AND s.seg = f.seg AND s.year = f.year
    CROSS JOIN delta dl
    WHERE coalesce(s.g, 0) + dl.d > 0
    UNION ALL
    SELECT f.kpi_code, f.geo_code, f.seg, f.year, (1 - dl.d) * p.k + f.i
    FROM pim p JOIN gfcf f ON f.kpi_code = p.kpi_code AND f.geo_code = p.geo_code AND f.seg = p.seg AND f.year = p.year + 1
    CROSS JOIN delta dl
),
capital AS (
    SELECT kpi_code, geo_code, 0 AS seg, year, value AS k, indicator_code || '=' || series_id AS k_used, vintage, ev, 1 AS pref
    FROM av WHERE role = 'capital' AND value > 0
    UNION ALL
    SELECT p.kpi_code, p.geo_code, p.seg, p.year, p.k,
           'K by perpetual inventory of ' || inv.input_code || '=' || f.series_id || ' (δ = ' || dl.d || '), K_' || s.year
               || ' = I_' || s.year || ' / (g_I + δ) with g_I = ' || round(coalesce(s.g, 0), 6)
               || coalesce('; I filled at constant growth for ' || s.filled, ''),
           f.vintage, f.ev, 2
    FROM pim p JOIN gfcf f ON f.kpi_code = p.kpi_code AND f.geo_code = p.geo_code AND f.seg = p.seg AND f.year = p.year
    JOIN gfcf_start s ON s.kpi_code = p.kpi_code AND s.geo_code = p.geo_code AND s.seg = p.seg
    JOIN kpi_formula_inputs inv ON inv.kpi_code = p.kpi_code AND inv.role = 'investment'
    CROSS JOIN delta dl
),
k_growth AS (
    SELECT cur.kpi_code, cur.geo_code, cur.year, (cur.k / prev.k - 1) * 100 AS g_k, cur.k_used, greatest(cur.vintage, prev.vintage) AS vintage,
           greatest(cur.ev, prev.ev) AS ev
    FROM capital cur JOIN capital prev
      ON prev.kpi_code = cur.kpi_code AND prev.geo_code = cur.geo_code AND prev.pref = cur.pref AND prev.seg = cur.seg AND prev.year = cur.year - 1
    QUALIFY row_number() OVER (PARTITION BY cur.kpi_code, cur.geo_code, cur.year ORDER BY cur.pref) = 1
),
levels AS (
    SELECT y.kpi_code, y.geo_code, y.year, y.value AS y, l.value AS l, y.indicator_code AS y_code, l.indicator_code AS l_code,
           y.series_id AS y_series, l.series_id AS l_series,
           greatest(y.vintage, l.vintage) AS vintage, greatest(y.ev, l.ev) AS ev
    FROM av y JOIN av l ON l.kpi_code = y.kpi_code AND l.geo_code = y.geo_code AND l.year = y.year AND l.role = 'labour'
    WHERE y.role = 'output' AND y.value > 0 AND l.value > 0
),
steps AS (
    SELECT cur.kpi_code, cur.geo_code, cur.year,
           coalesce(year_break(cur.geo_code, cur.year), year_definition_break(cur.l_code, cur.geo_code, cur.year)) AS flag,
           (cur.y / prev.y - 1) * 100 AS g_y,
           kg.g_k,
           (cur.l / prev.l - 1) * 100 AS g_l,
           cur.y_code || '=' || cur.y_series || ', ' || coalesce(kg.k_used, 'no capital stock for both years') || ', ' || cur.l_code || '=' || cur.l_series AS series_used,
           greatest(cur.vintage, prev.vintage, kg.vintage) AS vintage,
           greatest(cur.ev, prev.ev, kg.ev) AS ev
    FROM levels cur
    JOIN levels prev ON prev.kpi_code = cur.kpi_code AND prev.geo_code = cur.geo_code AND prev.year = cur.year - 1
    LEFT JOIN k_growth kg ON kg.kpi_code = cur.kpi_code AND kg.geo_code = cur.geo_code AND kg.year = cur.year
),
growth AS (
    SELECT kpi_code, geo_code, year, flag,
           CASE WHEN flag IS NULL THEN g_y END AS g_y,
           CASE WHEN flag IS NULL THEN g_k END AS g_k,
           CASE WHEN flag IS NULL THEN g_l END AS g_l,
           series_used, vintage, ev
    FROM steps WHERE g_k IS NOT NULL OR flag IS NOT NULL
),
with_alpha AS (
    -- α: the geography's published CAPITAL_SHARE for the year; else 1 − its
    -- labour share in factor_shares; else Viet Nam's; else the default
    SELECT g.*,
           coalesce(a.value / 100, 1 - fs.labour_share / 100, 1 - fv.labour_share / 100, p.value) AS alpha,
           CASE WHEN a.value IS NOT NULL THEN 'published CAPITAL_SHARE ' || a.series_id
                WHEN fs.labour_share IS NOT NULL THEN '1 − labour share ' || fs.labour_share || ' %: ' || fs.source
                WHEN fv.labour_share IS NOT NULL THEN '1 − Viet Nam''s labour share ' || fv.labour_share || ' %: ' || fv.source
                ELSE 'kpi_parameters.capital_share_alpha (default: ' || p.source || ')' END AS alpha_source,
           greatest(g.vintage, a.vintage) AS vintage_all
    FROM growth g
    LEFT JOIN av a ON a.kpi_code = g.kpi_code AND a.geo_code = g.geo_code AND a.year = g.year AND a.role = 'capital_share'
    LEFT JOIN factor_shares fs ON fs.geo_code = g.geo_code AND fs.year = g.year
    LEFT JOIN factor_shares fv ON fv.geo_code = 'VN' AND fv.year = g.year
    LEFT JOIN kpi_parameters p ON p.name = 'capital_share_alpha'
),
accounted AS (
    SELECT w.kpi_code, w.geo_code, w.year, w.g_y, w.g_k, w.g_l, w.alpha, w.alpha_source,
           w.g_y - w.alpha * w.g_k - (1 - w.alpha) * w.g_l AS g_tfp,
           w.flag, w.series_used, w.vintage_all AS vintage, w.ev, k.first_year AS fy
    FROM with_alpha w JOIN kpi_plans k ON k.kpi_code = w.kpi_code
)
SELECT kpi_code, geo_code, year, g_y, g_k, g_l, alpha, alpha_source, g_tfp,
       CASE WHEN g_y > 0 THEN g_tfp / g_y * 100 END AS share,
       CASE WHEN g_y <= 0 THEN 'g_Y ≤ 0: no yearly share (a share of a fall in output is not a contribution to growth); the year still counts in share_period' END AS share_note,
       CASE WHEN year >= fy THEN avg(g_y) FILTER (WHERE year >= fy) OVER w END AS g_y_mean,
       CASE WHEN year >= fy THEN avg(g_tfp) FILTER (WHERE year >= fy) OVER w END AS g_tfp_mean,
       CASE WHEN year >= fy AND avg(g_y) FILTER (WHERE year >= fy) OVER w > 0
            THEN avg(g_tfp) FILTER (WHERE year >= fy) OVER w / avg(g_y) FILTER (WHERE year >= fy) OVER w * 100 END AS share_period,
       CASE WHEN year >= fy THEN avg(CASE WHEN g_y > 0 THEN g_tfp / g_y * 100 END) FILTER (WHERE year >= fy) OVER w END AS share_mean,
       CASE WHEN year >= fy AND min(alpha) FILTER (WHERE year >= fy) OVER w < max(alpha) FILTER (WHERE year >= fy) OVER w
            THEN 'α varies within ' || fy || '–' || year || ': ' || min(alpha) FILTER (WHERE year >= fy) OVER w || ' to ' || max(alpha) FILTER (WHERE year >= fy) OVER w END AS alpha_note,
       flag, series_used, vintage, evidence_name(ev) AS evidence
FROM accounted
WINDOW w AS (PARTITION BY kpi_code, geo_code ORDER BY year ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY kpi_code, geo_code, year;

-- rank_coverage(n, total): why a rank among n of the country's total
-- provinces is not a national rank, or NULL when every province is ranked.
CREATE OR REPLACE MACRO rank_coverage(n, total) AS
    CASE WHEN n < total THEN 'partial coverage: ranked among the ' || n || ' of ' || total
         || ' provinces with data, not a national rank' END;

-- kpi_candidates_as_of(t): every value of every KPI of every plan, for the
-- plan's place, that can be had at time t — as reported (under the KPI's
-- own code, by its lead agency or a statistics office), and as derived from
-- input series by the KPI's formula (indicators.formula_kind, inputs by role
-- in kpi_formula_inputs) — so a reported figure can be checked against its
-- derivation:
--   growth_accounting  TFP's share of output growth (tfp_accounting_as_of)
--   growth_of_ratio    (1 + g_numerator) / (denominator_t / denominator_t−1)
--                      − 1, × 100, with g_numerator from the numerator's
--                      levels, else its published growth (numerator_growth)
--   ratio              numerator / denominator × 100
--   rank               the place's rank among provinces by input (1 = most)
--   rank_of_growth     its rank by the year's growth of input (1 = fastest)
--   reported           nothing derived
-- Ranks use rank(): tied provinces share the better place.
-- A growth rate whose step crosses a boundary change (year_break) or a
-- definition change of its input (year_definition_break) is not computed:
-- the KPI gets a row with value NULL and the flag as method; for
-- rank_of_growth the provinces whose step crosses one are left out of the
-- ranking, and the place's own is flagged so.
-- g_y and g_tfp (growth accounting only) carry the year's output growth
-- and TFP growth, % a year: the status weighs the yearly shares by g_y, as
-- GSO computes a period's share (Σ g_TFP / Σ g_Y). For a reported share,
-- g_tfp = share × g_y / 100 (g_y from the output's levels, else its
-- published growth, output_growth). A year with g_y ≤ 0 has no yearly share
-- but keeps its g_tfp.
-- excluded says why a value is left out of the status: outside the
-- indicator's plausible range, or a rank among only some of the country's
-- provinces (not a national rank).
CREATE OR REPLACE MACRO kpi_candidates_as_of(t) AS TABLE
WITH annual AS (
    SELECT * FROM kpi_inputs_as_of(t) WHERE period_kind = 'year'
),
fi AS (
    SELECT f.kpi_code, f.role, f.input_code, k.formula_kind, k.geo_code, k.place_name
    FROM kpi_formula_inputs f JOIN kpi_plans k ON k.kpi_code = f.kpi_code
),
-- the values of each KPI's inputs at its plan's place, by role
kin AS (
    SELECT fi.kpi_code, fi.role, fi.formula_kind, a.*
    FROM fi JOIN annual a ON a.indicator_code = fi.input_code AND a.geo_code = fi.geo_code
),
level_growth AS (
    -- the growth of the numerator (growth_of_ratio) or of output
    -- (growth_accounting): from its levels (no value across a boundary
    -- change), else as published
    SELECT kpi_code, year, g, g_basis, vintage, ev FROM (
        SELECT cur.kpi_code, cur.year,
               CASE WHEN year_break(cur.geo_code, cur.year) IS NULL THEN (cur.value / prev.value - 1) * 100 END AS g,
               cur.indicator_code || '=' || cur.series_id AS g_basis, greatest(cur.vintage, prev.vintage) AS vintage,
               greatest(cur.ev, prev.ev) AS ev, 1 AS pref
        FROM kin cur JOIN kin prev ON prev.kpi_code = cur.kpi_code AND prev.role = cur.role AND prev.year = cur.year - 1
        WHERE cur.role IN ('numerator', 'output') AND cur.formula_kind IN ('growth_of_ratio', 'growth_accounting') AND prev.value > 0
        UNION ALL
        SELECT kpi_code, year, value, indicator_code || '=' || series_id, vintage, ev, 2
        FROM kin WHERE role IN ('numerator_growth', 'output_growth')
    )
    QUALIFY row_number() OVER (PARTITION BY kpi_code, year ORDER BY pref) = 1
),
reported AS (
    -- every reported value, from every source (evidence_rank says which one
    -- the KPI would take among them)
    SELECT a.indicator_code AS kpi_code, a.year, a.value, 'reported' AS method,
           a.series_id AS basis, a.vintage,
           -- a share of growth is weighed by output growth: as strong as both
           CASE WHEN k.formula_kind = 'growth_accounting' THEN greatest(evidence_level(a.evidence), g.ev)
                ELSE evidence_level(a.evidence) END AS ev,
           a.evidence_rank,
           a.source_name, a.obs_status AS value_status,
           CASE WHEN k.formula_kind = 'growth_accounting' THEN g.g END AS g_y,
           CASE WHEN k.formula_kind = 'growth_accounting' THEN a.value * g.g / 100 END AS g_tfp
    FROM observation_evidence_as_of(t) a JOIN kpi_plans k ON k.kpi_code = a.indicator_code AND k.geo_code = a.geo_code
    LEFT JOIN level_growth g ON g.kpi_code = a.indicator_code AND g.year = a.year
    WHERE a.period_kind = 'year'
),
tfp AS (
    SELECT ta.kpi_code, ta.year, ta.share AS value,
           coalesce(ta.flag, 'derived: growth accounting g_TFP = g_Y − α·g_K − (1−α)·g_L, α = ' || round(ta.alpha, 4)
               || ' (' || ta.alpha_source || ')' || coalesce('; ' || ta.share_note, '') || coalesce('; ' || ta.alpha_note, '')) AS method,
           ta.series_used AS basis, ta.vintage, ta.g_y, ta.g_tfp, evidence_level(ta.evidence) AS ev
    FROM tfp_accounting_as_of(t) ta JOIN kpi_plans k ON k.kpi_code = ta.kpi_code AND k.geo_code = ta.geo_code
),
den_steps AS (
    SELECT cur.kpi_code, cur.geo_code, cur.year, cur.indicator_code AS den, cur.value / prev.value AS ratio, cur.series_id AS den_series,
           greatest(cur.vintage, prev.vintage) AS vintage, greatest(cur.ev, prev.ev) AS ev
    FROM kin cur JOIN kin prev ON prev.kpi_code = cur.kpi_code AND prev.role = cur.role AND prev.year = cur.year - 1
    WHERE cur.role = 'denominator' AND cur.formula_kind = 'growth_of_ratio' AND prev.value > 0 AND cur.value > 0
),
ratio_growth AS (
    -- a step across a boundary or definition change has no value; its method is the flag
    SELECT d.kpi_code, d.year,
           CASE WHEN flag IS NULL THEN ((1 + g.g / 100) / d.ratio - 1) * 100 END AS value,
           coalesce(flag, 'derived: (1 + ' || d.num || ' growth) / ('
               || d.den || '_t / ' || d.den || '_t−1) − 1') AS method,
           g.g_basis || ', ' || d.den || '=' || d.den_series AS basis,
           greatest(d.vintage, g.vintage) AS vintage, greatest(d.ev, g.ev) AS ev
    FROM (SELECT s.*, coalesce(year_break(s.geo_code, s.year), year_definition_break(s.den, s.geo_code, s.year)) AS flag, n.input_code AS num
          FROM den_steps s JOIN fi n ON n.kpi_code = s.kpi_code AND n.role = 'numerator') d
    JOIN level_growth g ON g.kpi_code = d.kpi_code AND g.year = d.year
),
ratios AS (
    SELECT n.kpi_code, n.year, n.value / d.value * 100 AS value,
           'derived: ' || n.indicator_code || ' / ' || d.indicator_code || ' × 100' AS method,
           n.indicator_code || ',' || d.indicator_code AS basis, greatest(n.vintage, d.vintage) AS vintage,
           greatest(n.ev, d.ev) AS ev
    FROM kin n JOIN kin d ON d.kpi_code = n.kpi_code AND d.role = 'denominator' AND d.year = n.year
    WHERE n.formula_kind = 'ratio' AND n.role = 'numerator' AND d.value > 0
),
-- the province-level units of each year (as provinces_in(y): the 63 of
-- 2008–2024, the 34 from 2025; a year containing a change counts as after
-- it): a rank is computed among them and is national only when every one
-- of them has a value
units AS (
    SELECT y.year, p.geo_code
    FROM (SELECT DISTINCT year FROM annual) y JOIN places p ON p.level = 'province'
    WHERE p.geo_code NOT IN (SELECT b.absorbed_geo FROM boundary_changes b
                             WHERE b.absorbed_geo IS NOT NULL AND year(b.change_date) <= y.year)
),
unit_count AS (
    SELECT year, count(*) AS n_units FROM units GROUP BY year
),
provinces AS (
    SELECT a.* FROM annual a JOIN units u ON u.year = a.year AND u.geo_code = a.geo_code
),
-- what each rank KPI ranks the provinces by: the input's level, or its
-- growth on the year before (a province whose step crosses a boundary
-- change is flagged and left out of the ranking)
rank_measure AS (
    SELECT r.kpi_code, r.geo_code AS own_geo, r.place_name, r.input_code, 'rank' AS kind,
           p.year, p.geo_code, p.value AS measure, p.vintage, p.ev, NULL AS flag
    FROM fi r JOIN provinces p ON p.indicator_code = r.input_code
    WHERE r.formula_kind = 'rank' AND r.role = 'input'
    UNION ALL
    SELECT r.kpi_code, r.geo_code, r.place_name, r.input_code, 'rank_of_growth',
           cur.year, cur.geo_code, cur.value / prev.value - 1,
           greatest(cur.vintage, prev.vintage), greatest(cur.ev, prev.ev), year_break(cur.geo_code, cur.year)
    FROM fi r JOIN provinces cur ON cur.indicator_code = r.input_code
    JOIN provinces prev ON prev.indicator_code = cur.indicator_code AND prev.geo_code = cur.geo_code AND prev.year = cur.year - 1
    WHERE r.formula_kind = 'rank_of_growth' AND r.role = 'input' AND prev.value > 0
),
ranks AS (
    SELECT kpi_code, r.year, rnk AS value,
           'derived: rank of ' || place_name || ' by ' || CASE kind WHEN 'rank_of_growth' THEN 'growth of ' ELSE '' END
               || input_code || ' among ' || n || ' of ' || c.n_units || ' provinces' AS method,
           input_code AS basis, vintage, yev AS ev,
           rank_coverage(n, c.n_units) AS excluded
    FROM (SELECT *,
                 rank() OVER (PARTITION BY kpi_code, year ORDER BY measure DESC) AS rnk,
                 count(*) OVER (PARTITION BY kpi_code, year) AS n,
                 max(ev) OVER (PARTITION BY kpi_code, year) AS yev
          FROM rank_measure WHERE flag IS NULL) r JOIN unit_count c ON c.year = r.year
    WHERE geo_code = own_geo
    UNION ALL
    -- the place's own growth across a boundary change is not ranked
    SELECT kpi_code, year, NULL, flag, input_code, vintage, ev, NULL
    FROM rank_measure WHERE geo_code = own_geo AND flag IS NOT NULL
),
every AS (
    SELECT * FROM reported
    UNION ALL BY NAME SELECT * FROM tfp
    UNION ALL BY NAME SELECT * FROM ratio_growth
    UNION ALL BY NAME SELECT * FROM ratios
    UNION ALL BY NAME SELECT * FROM ranks
)
SELECT e.kpi_code, e.year, CAST(e.value AS DOUBLE) AS value, e.method, e.basis, e.vintage,
       evidence_name(e.ev) AS evidence, e.source_name, e.evidence_rank,
       CASE WHEN e.value_status IN ('preliminary', 'estimated') THEN e.value_status END AS value_status,
       CAST(e.g_y AS DOUBLE) AS g_y, CAST(e.g_tfp AS DOUBLE) AS g_tfp,
       coalesce(e.excluded,
                CASE WHEN e.value < i.valid_min OR e.value > i.valid_max
                     THEN 'outside the plausible range ' || i.valid_min || '..' || i.valid_max || ' of ' || i.code END) AS excluded
FROM every e JOIN indicators i ON i.code = e.kpi_code;

-- kpi_values_as_of(t): one value per KPI and year: a value the status can
-- use before an excluded one; then the strongest evidence (official
-- statistics, a published figure, sample data: a computation is as strong as
-- its weakest input); then a reported value before a derivation (the figure
-- the lead agency or statistics office gives); then the source the declared
-- precedence puts first. kpi_candidates_as_of keeps the others beside it.
CREATE OR REPLACE MACRO kpi_values_as_of(t) AS TABLE
SELECT * FROM kpi_candidates_as_of(t)
QUALIFY row_number() OVER (PARTITION BY kpi_code, year
                           ORDER BY (excluded IS NULL) DESC, evidence_level(evidence), (method = 'reported') DESC,
                                    evidence_rank NULLS LAST, vintage DESC, method) = 1;

-- target_met(x, comparator, direction, lo, hi): whether the value x meets a
-- target. gt, ge and rank_le compare with the bound. A band (between,
-- approx: lo..hi) is met from its lower edge when more is better (direction
-- up; above the band it is exceeded, not missed), up to its upper edge when
-- less is better, and only inside it when the target is two_sided.
CREATE OR REPLACE MACRO target_met(x, comparator, direction, lo, hi) AS CASE
    WHEN x IS NULL THEN NULL
    WHEN comparator = 'gt' THEN x > lo
    WHEN comparator = 'ge' THEN x >= lo
    WHEN comparator = 'rank_le' THEN x <= lo
    WHEN direction = 'up' THEN x >= lo
    WHEN direction = 'down' THEN x <= hi
    ELSE x BETWEEN lo AND hi END;

-- The time-weighted least-squares line of the trends below, from its sums
-- Σw, Σwx, Σwy, Σwx², Σwxy: wls_slope is NULL with fewer than three points
-- (no trend) or when every x is the same.
CREATE OR REPLACE MACRO wls_slope(n, sw, swx, swy, swxx, swxy) AS
    CASE WHEN n >= 3 AND sw * swxx - swx * swx <> 0 THEN (sw * swxy - swx * swy) / (sw * swxx - swx * swx) END;
CREATE OR REPLACE MACRO wls_intercept(sw, swx, swy, slope) AS (swy - slope * swx) / sw;

-- kpi_status_as_of(t): one row per KPI target and year 2020-2025, judged by
-- the anticipated progress of UN ESCAP's progress assessment: project the
-- 2025 value from the values known in the year, then judge the projection
-- against the target, so that status and expected_2025 agree by
-- construction. The README's "How progress is judged" states every formula;
-- load/kpi_test.go computes each by hand.
--
-- Trend: a time-weighted least-squares line through the yearly values
-- (level targets: baseline year to the year; annual-average targets: 2021
-- to the year), weights year − earliest year + 1 so recent years weigh
-- more, needing at least three values; points outside the indicator's
-- plausible range never reach it (excluded values), and the projection is
-- clamped to that range.
--   level target:    expected_2025 = the line at 2025; with fewer than three
--                    values no trend: the latest value.
--   average target:  actual = the average to date over the k years with a
--                    value (arithmetic; geometric for growth rates; for a
--                    share of growth Σ g_TFP / Σ g_Y); the m = 2025 − year
--                    remaining years take the line (or, with fewer than three
--                    values, the average to date), and expected_2025 is the
--                    2021–2025 average of the k values and the m projections;
--                    for a share of growth, g_TFP and g_Y each on its own
--                    line (gw_*). A year of the period with no value is left
--                    out of the average (k + m years, not five); an average
--                    outside the plausible range is not judged.
-- Status:
--   achieved   level: the year's value meets the target; average: 2025's
--              average meets it (exceeded: above a band whose direction is
--              up; "met now, but the trend falls short" when it will not last)
--   off_track  2025 passed unmet; or expected_2025 misses and the
--              anticipated progress is below progress_at_risk (0.5); or a
--              level target the baseline met is lost
--   on_track   expected_2025 meets the target
--   at_risk    expected_2025 misses, anticipated progress ≥ 0.5, or not
--              measurable (a level target's baseline year alone)
--   no_data    no usable value
-- anticipated progress: level (expected_2025 − B) / (x* − B), the share of
-- the progress needed from the baseline B that the trend makes by 2025 (0
-- when B sits on a strict bound; none for the baseline year alone or a
-- baseline that met the target);
-- average expected_2025 / x* (x* / expected_2025 when less is better).
-- csi (level) and progress_ratio (ESCAP's pace ratio: CAGR achieved / CAGR
-- required for levels, average to date / average still required for
-- averages) are kept as measures; the status does not use them.
CREATE OR REPLACE MACRO kpi_status_as_of(t) AS TABLE
WITH v_all AS (SELECT * FROM kpi_values_as_of(t)),
-- the values the status uses: not excluded, with a value (for a share of
-- growth, a year with g_Y ≤ 0 has no share but its g_TFP counts)
v AS (SELECT * FROM v_all WHERE excluded IS NULL AND (value IS NOT NULL OR g_tfp IS NOT NULL)),
thresholds AS (
    SELECT max(value) FILTER (WHERE name = 'progress_at_risk') AS at_risk_min FROM kpi_parameters
),
tg AS (
    -- each plan's targets as in force at t: the amendment with the latest
    -- in_force_from on or before t's date; before the plan itself, its
    -- original target
    SELECT * FROM targets
    QUALIFY row_number() OVER (
        PARTITION BY plan_id, kpi_code, horizon_year
        ORDER BY (in_force_from <= CAST(CAST(t AS TIMESTAMP) AS DATE)) DESC,
                 CASE WHEN in_force_from <= CAST(CAST(t AS TIMESTAMP) AS DATE) THEN in_force_from END DESC NULLS LAST,
                 in_force_from) = 1
),
yrs AS (
    SELECT range AS year
    FROM range(coalesce((SELECT min(baseline_year) FROM targets), 0), coalesce((SELECT max(horizon_year) FROM targets), 0) + 1)
),
-- one row per target and year from the baseline to the horizon; a target
-- is its plan, KPI and horizon (target_id)
grid AS (
    SELECT tg.*, tg.plan_id || '/' || tg.kpi_code || '/' || tg.horizon_year AS target_id,
           i.name_vi, i.name_en, i.unit, i.valid_min, i.valid_max, i.label AS kpi_label, y.year,
           tg.baseline_year + 1 AS period_start_year,
           CASE tg.comparator WHEN 'approx' THEN tg.bound_low - tg.tolerance ELSE tg.bound_low END AS lo,
           CASE tg.comparator WHEN 'approx' THEN tg.bound_low + tg.tolerance
                              WHEN 'between' THEN tg.bound_high END AS hi
    FROM tg JOIN indicators i ON i.code = tg.kpi_code
    JOIN yrs y ON y.year BETWEEN tg.baseline_year AND tg.horizon_year
),
pts AS (
    SELECT g.target_id, g.year, g.baseline_year AS bx, v.year AS t_year, v.value, v.g_y, v.g_tfp, v.vintage, evidence_level(v.evidence) AS ev
    FROM grid g JOIN v ON v.kpi_code = g.kpi_code AND v.year <= g.year
     AND ((g.target_kind = 'level' AND v.year >= g.baseline_year)
          OR (g.target_kind = 'annual_average' AND v.year > g.baseline_year))
),
trend_in AS (
    SELECT target_id, year, bx, CAST(t_year - bx AS DOUBLE) AS x, value AS y,
           CAST(t_year - min(t_year) OVER (PARTITION BY target_id, year) + 1 AS DOUBLE) AS w
    FROM pts WHERE value IS NOT NULL
),
trend AS (
    SELECT target_id, year, count(*) AS n, min(x) + min(bx) AS first_year,
           sum(w) AS sw, sum(w * x) AS swx, sum(w * y) AS swy, sum(w * x * x) AS swxx, sum(w * x * y) AS swxy
    FROM trend_in GROUP BY target_id, year
),
line AS (
    SELECT *, wls_slope(n, sw, swx, swy, swxx, swxy) AS slope, wls_intercept(sw, swx, swy, slope) AS intercept
    FROM trend
),
base AS (
    SELECT g.target_id, g.year, arg_min(p.value, p.t_year) AS b_value, min(p.t_year) AS b_year
    FROM grid g JOIN pts p ON p.target_id = g.target_id AND p.year = g.year AND p.t_year < g.year AND p.value IS NOT NULL
    WHERE g.target_kind = 'level'
    GROUP BY g.target_id, g.year
),
period AS (
    SELECT p.target_id, p.year,
           count(p.value) AS k,
           -- years of the period with a value or, for a share of growth,
           -- a g_TFP (a year whose output fell has no share but counts)
           count(*) AS k_all,
           avg(p.value) AS arith_avg,
           sum(CASE WHEN 1 + p.value / 100 > 0 THEN ln(greatest(1 + p.value / 100, 1e-300)) END) AS ln_sum,
           count(*) FILTER (WHERE p.value IS NOT NULL AND 1 + p.value / 100 <= 0) AS falls_to_zero,
           string_agg(CAST(p.t_year AS VARCHAR), ', ' ORDER BY p.t_year) FILTER (WHERE p.g_y IS NULL) AS no_weight_years,
           min(p.t_year) AS first_year, max(p.vintage) AS vintage, max(p.ev) AS ev
    FROM pts p JOIN grid g ON g.target_id = p.target_id AND g.year = p.year
    WHERE g.target_kind = 'annual_average'
    GROUP BY p.target_id, p.year
),
-- A share of growth (KPI 1) is Σ g_TFP / Σ g_Y. A year whose GRDP growth
-- is unknown is weighted by the mean growth of the years with one (its
-- g_TFP = share × that mean / 100); with no growth known at all every year
-- weighs the same, which is the mean of the yearly shares.
gw_mean AS (
    SELECT p.target_id, p.year, coalesce(avg(p.g_y) FILTER (WHERE p.g_y IS NOT NULL AND p.g_tfp IS NOT NULL), 1) AS g_mean
    FROM pts p JOIN grid g ON g.target_id = p.target_id AND g.year = p.year
    WHERE g.average_method = 'growth_weighted'
    GROUP BY p.target_id, p.year
),
gw_pts AS (
    SELECT p.target_id, p.year, CAST(p.t_year - p.bx AS DOUBLE) AS x,
           CAST(p.t_year - min(p.t_year) OVER (PARTITION BY p.target_id, p.year) + 1 AS DOUBLE) AS w,
           CASE WHEN p.g_y IS NOT NULL AND p.g_tfp IS NOT NULL THEN p.g_y ELSE m.g_mean END AS gy,
           CASE WHEN p.g_y IS NOT NULL AND p.g_tfp IS NOT NULL THEN p.g_tfp ELSE p.value * m.g_mean / 100 END AS gt
    FROM pts p JOIN gw_mean m ON m.target_id = p.target_id AND m.year = p.year
    WHERE p.g_tfp IS NOT NULL OR p.value IS NOT NULL
),
-- the trend of a share of growth: g_TFP and g_Y each on their own
-- time-weighted line (a line through the yearly shares would let a year of
-- small growth, whose share is huge and weighs nothing, steer it)
gw AS (
    SELECT target_id, year, count(*) AS n, sum(gy) AS sum_gy, sum(gt) AS sum_gtfp, avg(gy) AS mean_gy, avg(gt) AS mean_gt,
           sum(w) AS sw, sum(w * x) AS swx, sum(w * x * x) AS swxx,
           sum(w * gy) AS swg, sum(w * x * gy) AS swxg, sum(w * gt) AS swt, sum(w * x * gt) AS swxt
    FROM gw_pts GROUP BY target_id, year
),
gw_line AS (
    SELECT *, wls_slope(n, sw, swx, swg, swxx, swxg) AS slope_g, wls_slope(n, sw, swx, swt, swxx, swxt) AS slope_t
    FROM gw
),
gw_proj AS (
    -- Σ over the remaining years of the projected g_Y and g_TFP: on the
    -- lines with three values or more, else at the means to date
    SELECT l.target_id, l.year,
           sum(coalesce(wls_intercept(l.sw, l.swx, l.swg, l.slope_g) + l.slope_g * (r.year - g.baseline_year), l.mean_gy)) AS proj_gy,
           sum(coalesce(wls_intercept(l.sw, l.swx, l.swt, l.slope_t) + l.slope_t * (r.year - g.baseline_year), l.mean_gt)) AS proj_gt
    FROM gw_line l JOIN grid g ON g.target_id = l.target_id AND g.year = l.year
    JOIN yrs r ON r.year > l.year AND r.year <= g.horizon_year
    GROUP BY l.target_id, l.year
),
averaged AS (
    SELECT p.*, g.average_method, g.valid_min, g.valid_max,
           CASE WHEN g.average_method = 'growth_weighted' THEN 'weighted' ELSE g.average_method END AS avg_mode,
           w.sum_gy, w.sum_gtfp, w.n AS k_w, w.slope_t IS NOT NULL AS gw_trend, gp.proj_gy, gp.proj_gt
    FROM period p JOIN grid g ON g.target_id = p.target_id AND g.year = p.year
    LEFT JOIN gw_line w ON w.target_id = p.target_id AND w.year = p.year
    LEFT JOIN gw_proj gp ON gp.target_id = p.target_id AND gp.year = p.year
),
average_raw AS (
    SELECT a.*,
           CASE avg_mode
               WHEN 'weighted' THEN CASE WHEN sum_gy > 0 THEN 100 * sum_gtfp / sum_gy END
               WHEN 'geometric' THEN CASE WHEN k > 0 AND falls_to_zero = 0 THEN (exp(ln_sum / k) - 1) * 100 END
               ELSE arith_avg END AS raw_avg
    FROM averaged a
),
average_to_date AS (
    -- an average outside the indicator's plausible range is not judged
    -- (a share of a period whose growth is near zero means nothing)
    SELECT a.*,
           CASE WHEN raw_avg BETWEEN valid_min AND valid_max THEN raw_avg END AS avg_value,
           CASE
               WHEN avg_mode = 'weighted' AND sum_gy <= 0 THEN 'GRDP growth over ' || first_year || '–' || year
                   || ' sums to ' || round(sum_gy, 2) || ' ≤ 0: TFP''s share of the period''s growth is not defined'
               WHEN avg_mode = 'geometric' AND falls_to_zero > 0 THEN 'a yearly rate of −100 % or less: no compound average'
               WHEN raw_avg IS NOT NULL AND NOT raw_avg BETWEEN valid_min AND valid_max
                   THEN 'the average to date, ' || round(raw_avg, 2) || ', is outside the plausible range '
                        || valid_min || '..' || valid_max || CASE WHEN avg_mode = 'weighted'
                            THEN ' (the period''s GRDP growth, Σ g_Y = ' || round(sum_gy, 2) || ', is too small for a share to mean anything)' ELSE '' END
               WHEN k = 0 AND avg_mode <> 'weighted' THEN 'no yearly value to average' END AS avg_problem
    FROM average_raw a
),
projection AS (
    SELECT g.target_id, g.year, count(*) AS m_trend,
           sum(least(greatest(l.intercept + l.slope * (r.year - g.baseline_year), g.valid_min), g.valid_max)) AS proj_sum,
           sum(ln(greatest(1 + least(greatest(l.intercept + l.slope * (r.year - g.baseline_year), g.valid_min), g.valid_max) / 100, 1e-300))) AS proj_ln_sum
    FROM grid g JOIN line l ON l.target_id = g.target_id AND l.year = g.year
    JOIN yrs r ON r.year > g.year AND r.year <= g.horizon_year
    WHERE g.target_kind = 'annual_average' AND l.slope IS NOT NULL
    GROUP BY g.target_id, g.year
),
joined AS (
    SELECT g.*, yv.value AS year_value, yv.method AS value_method, yv.excluded AS value_excluded, yv.vintage AS year_vintage,
           yv.evidence AS year_evidence, a.ev AS period_ev, yv.value_status,
           b.b_value, b.b_year, l.n AS trend_points, CAST(l.first_year AS INTEGER) AS trend_first, l.slope, l.intercept,
           a.k, a.k_all, a.ln_sum, a.sum_gy, a.sum_gtfp, a.k_w, a.avg_mode, a.avg_problem, a.no_weight_years,
           a.proj_gy, a.proj_gt, a.gw_trend,
           a.first_year AS period_first, a.vintage AS period_vintage,
           g.horizon_year - g.year AS m,
           pr.proj_sum, pr.proj_ln_sum,
           -- an average to date is shown for a year that has its own value
           -- (a share of growth: its own g_TFP), as the level is
           CASE WHEN yv.excluded IS NOT NULL THEN NULL
                WHEN g.target_kind = 'level' THEN yv.value
                WHEN yv.value IS NOT NULL OR yv.g_tfp IS NOT NULL THEN a.avg_value END AS actual
    FROM grid g
    LEFT JOIN v_all yv ON yv.kpi_code = g.kpi_code AND yv.year = g.year
    LEFT JOIN base b ON b.target_id = g.target_id AND b.year = g.year
    LEFT JOIN line l ON l.target_id = g.target_id AND l.year = g.year
    LEFT JOIN average_to_date a ON a.target_id = g.target_id AND a.year = g.year
    LEFT JOIN projection pr ON pr.target_id = g.target_id AND pr.year = g.year
),
projected AS (
    SELECT j.*,
        CASE
            WHEN actual IS NULL THEN NULL
            WHEN year >= horizon_year THEN actual
            WHEN target_kind = 'level' THEN
                CASE WHEN slope IS NOT NULL
                     THEN least(greatest(intercept + slope * (horizon_year - baseline_year), valid_min), valid_max)
                     ELSE actual END
            WHEN avg_mode = 'weighted' THEN
                -- Σ g_TFP / Σ g_Y over the period, the remaining years' g_TFP
                -- and g_Y projected each on its own line (gw_proj)
                CASE WHEN sum_gy + coalesce(proj_gy, 0) > 0
                     THEN least(greatest(100 * (sum_gtfp + coalesce(proj_gt, 0)) / (sum_gy + coalesce(proj_gy, 0)), valid_min), valid_max) END
            WHEN avg_mode = 'geometric' THEN
                (exp((ln_sum + coalesce(proj_ln_sum, m * ln(1 + actual / 100))) / (k + m)) - 1) * 100
            ELSE (k * actual + coalesce(proj_sum, m * actual)) / (k + m)
        END AS expected_2025,
        -- the value aimed at: the bound on the side that counts
        CASE WHEN direction = 'up' OR comparator IN ('gt', 'ge', 'rank_le') THEN lo
             WHEN direction = 'down' THEN hi
             WHEN coalesce(CASE WHEN target_kind = 'level' THEN b_value ELSE actual END, lo) > hi THEN hi
             ELSE lo END AS target_value,
        target_met(b_value, comparator, direction, lo, hi) AS baseline_met
    FROM joined j
),
judged AS (
    SELECT p.*,
        target_met(actual, comparator, direction, lo, hi) AS met_now,
        target_met(expected_2025, comparator, direction, lo, hi) AS met_expected,
        CASE
            WHEN expected_2025 IS NULL THEN NULL
            WHEN target_kind = 'level' THEN
                -- none without an earlier value, or when the baseline met the
                -- target (lost since: off_track); no progress at all when the
                -- baseline sits on a strict bound ("> 50" from 50)
                CASE WHEN b_value IS NULL OR year <= b_year OR baseline_met THEN NULL
                     WHEN target_value = b_value THEN 0
                     ELSE (expected_2025 - b_value) / (target_value - b_value) END
            WHEN direction = 'down' THEN CASE WHEN expected_2025 > 0 AND target_value > 0 THEN target_value / expected_2025 END
            WHEN direction = 'two_sided' AND expected_2025 > hi THEN CASE WHEN expected_2025 > 0 THEN hi / expected_2025 END
            ELSE CASE WHEN target_value > 0 THEN expected_2025 / target_value END
        END AS anticipated_progress,
        -- ESCAP's pace measures, kept beside the status
        CASE WHEN target_kind = 'level' AND b_value IS NOT NULL AND target_value <> b_value
             THEN (actual - b_value) / (target_value - b_value) END AS csi,
        CASE WHEN target_kind = 'annual_average' AND actual IS NOT NULL AND m > 0 THEN
            CASE WHEN avg_mode = 'geometric'
                 THEN CASE WHEN 1 + target_value / 100 > 0
                           THEN (exp(((k + m) * ln(greatest(1 + target_value / 100, 1e-300)) - ln_sum) / m) - 1) * 100 END
                 WHEN avg_mode = 'weighted' THEN ((k_all + m) * target_value - k_all * actual) / m
                 ELSE ((k + m) * target_value - k * actual) / m END END AS required_avg,
        CASE WHEN target_kind = 'level' AND b_value IS NOT NULL AND year > b_year AND target_value <> b_value
                  AND NOT baseline_met AND actual IS NOT NULL THEN
            CASE WHEN comparator = 'rank_le' OR b_value <= 0 OR actual <= 0 OR target_value <= 0
                 THEN ((actual - b_value) / (year - b_year)) / ((target_value - b_value) / (horizon_year - b_year))
                 WHEN pow(target_value / b_value, 1.0 / (horizon_year - b_year)) - 1 <> 0
                 THEN (pow(actual / b_value, 1.0 / (year - b_year)) - 1) / (pow(target_value / b_value, 1.0 / (horizon_year - b_year)) - 1)
            END END AS pace_ratio
    FROM projected p
),
rated AS (
    SELECT j.*,
        CASE
            WHEN target_kind = 'level' THEN pace_ratio
            WHEN required_avg > 0 AND actual IS NOT NULL THEN actual / required_avg END AS progress_ratio,
        CASE
            WHEN actual IS NULL THEN 'no_data'
            WHEN met_now AND (target_kind = 'level' OR year >= horizon_year) THEN 'achieved'
            WHEN year >= horizon_year THEN 'off_track'
            WHEN met_expected THEN 'on_track'
            WHEN target_kind = 'level' AND baseline_met THEN 'off_track'
            WHEN anticipated_progress IS NULL THEN 'at_risk'
            WHEN anticipated_progress >= th.at_risk_min THEN 'at_risk'
            ELSE 'off_track'
        END AS status
    FROM judged j, thresholds th
)
SELECT
    plan_id, kpi_no, kpi_label, kpi_code, name_vi, name_en, unit, year, actual, year_value,
    comparator, lo AS target_low, hi AS target_high, target_kind, average_method, direction,
    CASE comparator
        WHEN 'gt' THEN '> ' || bound_low
        WHEN 'ge' THEN '≥ ' || bound_low
        WHEN 'between' THEN bound_low || '–' || bound_high
        WHEN 'approx' THEN '≈ ' || bound_low || ' (±' || tolerance || ')'
        WHEN 'rank_le' THEN 'rank ≤ ' || CAST(bound_low AS INTEGER) END
        || CASE WHEN target_kind = 'annual_average' THEN ' (average ' || period_start_year || '–' || horizon_year || ')'
                ELSE ' (by ' || horizon_year || ')' END AS target_text,
    wording_vi AS target_wording, reading AS target_reading,
    horizon_year, in_force_from AS target_in_force_from, decision AS target_decision, decision_date AS target_decision_date,
    b_year AS baseline_year, b_value AS baseline_value, target_value,
    csi, progress_ratio, required_avg,
    expected_2025, anticipated_progress, trend_points,
    CASE
        WHEN actual IS NULL THEN NULL
        WHEN direction = 'down' OR comparator = 'rank_le' THEN actual - target_value
        WHEN direction = 'up' THEN target_value - actual
        WHEN actual < lo THEN lo - actual
        WHEN actual > hi THEN actual - hi
        ELSE 0 END AS gap,
    status,
    -- what kind of figure the judged value is: the year's value for a level
    -- target, the weakest of the period's values for an average
    CASE WHEN target_kind = 'annual_average' AND actual IS NOT NULL THEN evidence_name(period_ev)
         ELSE year_evidence END AS evidence,
    nullif(concat_ws('; ',
        CASE
            WHEN status = 'achieved' AND direction = 'up' AND hi IS NOT NULL AND actual > hi
                THEN 'exceeded: above the ' || lo || '–' || hi || ' band (more is better)'
            WHEN status = 'achieved' AND direction = 'down' AND comparator IN ('between', 'approx') AND actual < lo
                THEN 'exceeded: below the ' || lo || '–' || hi || ' band (less is better)'
            WHEN status = 'no_data' AND value_excluded IS NOT NULL THEN 'not judged: ' || split_part(value_excluded, ':', 1) || ' (see method)'
            WHEN status = 'no_data' AND avg_problem IS NOT NULL THEN avg_problem
            WHEN status = 'achieved' AND target_kind = 'level' AND year < horizon_year AND expected_2025 IS NOT NULL AND NOT met_expected
                THEN 'met now, but the trend falls short by ' || horizon_year || ' (expected ' || round(expected_2025, 2) || ')'
            WHEN target_kind = 'level' AND slope IS NULL AND actual IS NOT NULL AND status <> 'achieved'
                THEN 'fewer than three values since ' || coalesce(b_year, year) || ': no trend, expected_2025 is the latest value'
                     || coalesce(' (anticipated progress ' || round(anticipated_progress, 2) || ')', ', no earlier value to measure progress from')
            WHEN actual IS NOT NULL AND status <> 'achieved' AND expected_2025 IS NOT NULL
                THEN 'expected ' || horizon_year || ' ' || round(expected_2025, 2) || CASE WHEN met_expected THEN ' meets' ELSE ' misses' END
                     || ' the target' || coalesce(' (anticipated progress ' || round(anticipated_progress, 2) || ')', '')
        END,
        CASE WHEN value_status IS NOT NULL AND actual IS NOT NULL
             THEN 'the ' || year || ' value is ' || value_status || ', not final' END), '') AS note,
    CASE WHEN value_excluded IS NOT NULL THEN 'excluded (' || value_excluded || '): ' ELSE '' END
        || coalesce(value_method, 'none') AS method,
    CASE
        WHEN actual IS NULL THEN NULL
        WHEN target_kind = 'level' THEN
            CASE WHEN year >= horizon_year THEN 'the ' || horizon_year || ' value'
                 WHEN slope IS NOT NULL THEN 'expected_2025 on the time-weighted trend of ' || trend_points || ' values '
                      || trend_first || '–' || year || ' (weights 1, 2, … from the earliest), within ' || valid_min || '..' || valid_max
                 ELSE 'no trend from fewer than three values (' || coalesce(trend_points, 0) || '): expected_2025 is the latest value' END
        ELSE
            CASE WHEN avg_mode = 'weighted' THEN 'share of the growth of ' || period_first || '–' || year || ' (' || k_all
                 || CASE WHEN k_all = 1 THEN ' year' ELSE ' years' END || ' of the period''s ' || CASE horizon_year - baseline_year WHEN 5 THEN 'five' ELSE CAST(horizon_year - baseline_year AS VARCHAR) END || '): Σ g_TFP / Σ g_Y'
                 || coalesce(' (GRDP growth unknown for ' || no_weight_years || ': weighted by the mean growth of the other years)', '')
                 ELSE 'average ' || period_first || '–' || year || ' over ' || k || CASE WHEN k = 1 THEN ' year' ELSE ' years' END
                 || ' of the period''s ' || CASE horizon_year - baseline_year WHEN 5 THEN 'five' ELSE CAST(horizon_year - baseline_year AS VARCHAR) END || ': ' || avg_mode END
            || CASE WHEN m > 0 THEN '; ' || m || ' remaining year(s) '
                    || CASE WHEN avg_mode = 'weighted' AND gw_trend THEN 'with g_TFP and g_Y each on its time-weighted trend'
                            WHEN avg_mode = 'weighted' THEN 'at the mean g_TFP and g_Y to date (no trend from fewer than three values)'
                            WHEN slope IS NOT NULL THEN 'on the time-weighted trend of ' || trend_points || ' values'
                            ELSE 'at the average to date (no trend from fewer than three values)' END
                    ELSE '' END
    END AS progress_method,
    lead_agency,
    CASE WHEN actual IS NULL THEN NULL
         WHEN target_kind = 'annual_average' THEN period_vintage ELSE year_vintage END AS as_of
FROM rated
ORDER BY plan_id, kpi_no, kpi_code, horizon_year, year;

COMMENT ON VIEW kpi_plans IS 'Each KPI with its plan, label, formula and the plan''s place (geo_code, place_name) and years.';
COMMENT ON COLUMN kpi_plans.geo_code IS 'The place the KPI measures: its plan''s (plans.geo_code).';
COMMENT ON COLUMN kpi_plans.formula_kind IS 'How the KPI is computed (indicators.formula_kind); kpi_formula_inputs gives the inputs.';

CREATE OR REPLACE VIEW tfp_accounting AS SELECT * FROM tfp_accounting_as_of(TIMESTAMP '9999-12-31');
COMMENT ON VIEW tfp_accounting IS 'Growth accounting by geography (geo_code) and year: g_Y, g_K, g_L (GRDP_CONST, CAPITAL_STOCK, EMPLOYED), the capital share α used and where it came from, g_TFP = g_Y − α·g_K − (1−α)·g_L, the TFP share of growth, and its 2021-to-date averages.';

CREATE OR REPLACE VIEW kpi_candidates AS SELECT * FROM kpi_candidates_as_of(TIMESTAMP '9999-12-31');
COMMENT ON VIEW kpi_candidates IS 'Every value of each KPI: as reported and as derived from input series, side by side (a cross-check of reported figures).';

CREATE OR REPLACE VIEW kpi_values AS SELECT * FROM kpi_values_as_of(TIMESTAMP '9999-12-31');
COMMENT ON VIEW kpi_values IS 'Annual value of each KPI for Hà Nội (reported, else derived), newest vintages.';

CREATE OR REPLACE VIEW kpi_status AS SELECT * FROM kpi_status_as_of(TIMESTAMP '9999-12-31');
COMMENT ON VIEW kpi_status IS 'One row per KPI target and year 2020-2025 judged by UN ESCAP''s anticipated progress: the 2025 value projected on a time-weighted trend, judged against the target (status and expected_2025 agree): actual, target, expected 2025 value, anticipated progress, gap, status (achieved, on_track, at_risk, off_track, no_data) and why.';

-- Descriptions of what this file adds (sql/views/090_comments.sql describes
-- the stable kpi_status and kpi_values columns and runs after this file).
COMMENT ON MACRO TABLE tfp_accounting_as_of IS 'tfp_accounting_as_of(t): growth accounting by geography (g_TFP = g_Y − α·g_K − (1−α)·g_L) as known at t.';
COMMENT ON MACRO TABLE kpi_candidates_as_of IS 'kpi_candidates_as_of(t): every reported and derived value of each KPI as known at t, side by side.';

COMMENT ON VIEW series_breaks IS 'Growth steps of every series (consecutive values of one series, geography and period kind) that cross a boundary change (boundary_changes), with the spurious growth they would show; the KPI growth rates leave these steps out.';
COMMENT ON MACRO boundary_break IS 'boundary_break(geo, prev_end, cur_end): ''break: boundary change YYYY-MM-DD'' when a change of geo (absorbing or absorbed) falls after prev_end and on or before cur_end, else NULL.';
COMMENT ON MACRO year_break IS 'year_break(geo, year): boundary_break for the annual step from year - 1 to year.';
COMMENT ON COLUMN series_breaks.series_id IS 'The series (series.series_id).';
COMMENT ON COLUMN series_breaks.indicator_code IS 'Plan indicator the series feeds, if any.';
COMMENT ON COLUMN series_breaks.geo_code IS 'Geography of the series: the one whose territory changed, or the one absorbed.';
COMMENT ON COLUMN series_breaks.period_kind IS 'Period kind of both values of the step.';
COMMENT ON COLUMN series_breaks.from_period IS 'Start of the period before the change.';
COMMENT ON COLUMN series_breaks.to_period IS 'Start of the period after (or containing) the change.';
COMMENT ON COLUMN series_breaks.from_value IS 'Value before the change.';
COMMENT ON COLUMN series_breaks.to_value IS 'Value after the change.';
COMMENT ON COLUMN series_breaks.spurious_growth IS 'The growth, %, the step would show: the effect of the change, not growth.';
COMMENT ON COLUMN series_breaks.change_date IS 'Day the boundary change took effect.';
COMMENT ON COLUMN series_breaks.changed_geo IS 'Geography whose territory changed (boundary_changes.geo_code).';
COMMENT ON COLUMN series_breaks.absorbed_geo IS 'Geography merged into it (HATAY = Hà Tây), if any.';
COMMENT ON COLUMN series_breaks.absorbed_name IS 'Name of the absorbed unit.';
COMMENT ON COLUMN series_breaks.flag IS 'The flag the KPI computations use: break: boundary change YYYY-MM-DD, or break: definition change YYYY-MM-DD (INDICATOR).';
COMMENT ON COLUMN series_breaks.break_kind IS 'boundary (a change of territory) or definition (a change of what the statistic counts).';
COMMENT ON COLUMN series_breaks.note IS 'What changed, and for a definition change its source.';

COMMENT ON COLUMN tfp_accounting.kpi_code IS 'The growth-accounting KPI whose inputs these are (its formula in kpi_formula_inputs).';
COMMENT ON COLUMN tfp_accounting.geo_code IS 'Geography (01 = Hà Nội, VN = whole country); KPI 1 reads 01.';
COMMENT ON COLUMN tfp_accounting.flag IS 'break: boundary change YYYY-MM-DD when the step from the year before crosses a boundary change (its growth rates are then NULL and left out of the means); else NULL.';
COMMENT ON COLUMN tfp_accounting.year IS 'Year t of the growth from t-1 to t.';
COMMENT ON COLUMN tfp_accounting.g_y IS 'Growth of GRDP at constant prices (GRDP_CONST), % a year.';
COMMENT ON COLUMN tfp_accounting.g_k IS 'Growth of the capital stock, % a year: CAPITAL_STOCK, else the perpetual inventory of GFCF_CONST (series_used says which).';
COMMENT ON COLUMN tfp_accounting.g_l IS 'Growth of employment (EMPLOYED), % a year.';
COMMENT ON COLUMN tfp_accounting.alpha IS 'Capital share α used: CAPITAL_SHARE/100 published for the year, else kpi_parameters.capital_share_alpha.';
COMMENT ON COLUMN tfp_accounting.alpha_source IS 'Where α came from: the published series, or the default parameter.';
COMMENT ON COLUMN tfp_accounting.g_tfp IS 'TFP growth g_Y − α·g_K − (1−α)·g_L, percentage points.';
COMMENT ON COLUMN tfp_accounting.share IS 'TFP contribution to GRDP growth: g_TFP / g_Y × 100 (NULL when g_Y ≤ 0: share_note says why).';
COMMENT ON COLUMN tfp_accounting.share_note IS 'Why a year has no yearly share (g_Y ≤ 0); the year still counts in share_period.';
COMMENT ON COLUMN tfp_accounting.alpha_note IS 'Says when α varies within 2021..year, and between which values.';
COMMENT ON COLUMN tfp_accounting.g_y_mean IS 'Mean g_Y over 2021..year.';
COMMENT ON COLUMN tfp_accounting.g_tfp_mean IS 'Mean g_TFP over 2021..year.';
COMMENT ON COLUMN tfp_accounting.share_period IS 'TFP share of the period''s growth: mean g_TFP / mean g_Y × 100 over 2021..year.';
COMMENT ON COLUMN tfp_accounting.share_mean IS 'Mean of the yearly shares over 2021..year, for comparison only: kpi_status uses share_period, as GSO does.';
COMMENT ON COLUMN tfp_accounting.series_used IS 'The series (series_id) read for Y, K and L, and how K was obtained (the perpetual inventory''s start, g_I and the investment years filled at constant growth).';
COMMENT ON COLUMN tfp_accounting.vintage IS 'Newest vintage among the values used.';

COMMENT ON COLUMN kpi_candidates.kpi_code IS 'KPI code (indicators.code).';
COMMENT ON COLUMN kpi_candidates.year IS 'Year of the value.';
COMMENT ON COLUMN kpi_candidates.value IS 'The value, reported or derived.';
COMMENT ON COLUMN kpi_candidates.method IS 'reported, or derived: … (the formula and inputs).';
COMMENT ON COLUMN kpi_candidates.basis IS 'The series or input indicators the value rests on.';
COMMENT ON COLUMN kpi_candidates.vintage IS 'Newest vintage among the values used.';
COMMENT ON COLUMN kpi_candidates.g_y IS 'KPI 1 only: Hà Nội''s GRDP growth that year, %, the weight of the yearly share in the period share.';
COMMENT ON COLUMN kpi_candidates.g_tfp IS 'KPI 1 only: TFP growth that year, percentage points (for a reported share, share × g_y / 100).';
COMMENT ON COLUMN kpi_candidates.excluded IS 'Why the value is left out of kpi_status: outside the indicator''s plausible range, or a rank among only some provinces; NULL when it is used.';

COMMENT ON COLUMN kpi_status.plan_id IS 'The plan (plans.plan_id) whose target this row judges.';
COMMENT ON COLUMN kpi_status.kpi_label IS 'The KPI''s number in its plan (1, 7A).';
COMMENT ON COLUMN kpi_status.horizon_year IS 'The year the target is for; expected_2025 is the value expected then.';
COMMENT ON COLUMN kpi_status.target_in_force_from IS 'First day of the target judged: the one in force at the time the status is read as of (kpi_status: the newest).';
COMMENT ON COLUMN kpi_status.target_decision IS 'The document that set that target: the plan''s number, or the amending decision''s.';
COMMENT ON COLUMN kpi_status.target_decision_date IS 'Date of that document.';
COMMENT ON COLUMN kpi_status.year_value IS 'The year''s own value (for annual_average targets, actual is the average to date).';
COMMENT ON COLUMN kpi_status.target_kind IS 'level (reach by 2025) or annual_average (average over 2021–2025).';
COMMENT ON COLUMN kpi_status.average_method IS 'For annual_average targets: geometric (growth rates), arithmetic (shares), or growth_weighted (TFP''s share of the period''s growth, Σ g_TFP / Σ g_Y).';
COMMENT ON COLUMN kpi_status.direction IS 'Which way is better: up, down (ranks) or two_sided; a band whose direction is up is met at its lower edge and exceeded above it.';
COMMENT ON COLUMN kpi_status.target_reading IS 'How the plan''s wording was read (targets.reading).';
COMMENT ON COLUMN kpi_status.anticipated_progress IS 'Level targets: (expected_2025 − baseline) / (target − baseline), the share of the needed progress the trend makes by 2025; average targets: expected_2025 / target. Below progress_at_risk (0.5) a target that expected_2025 misses is off_track.';
COMMENT ON COLUMN kpi_status.trend_points IS 'Values the time-weighted trend runs through (no trend from fewer than three).';
COMMENT ON COLUMN kpi_status.note IS 'Why the status is what it is, in words: exceeded, expected 2025 meets or misses, fewer than three values, or why a value is not judged.';
COMMENT ON COLUMN kpi_status.target_wording IS 'The plan''s own sentence for the target.';
COMMENT ON COLUMN kpi_status.baseline_year IS 'Year of the baseline value of a level target: 2020, or the earliest year with a value.';
COMMENT ON COLUMN kpi_status.baseline_value IS 'The baseline value B the pace is measured from (level targets).';
COMMENT ON COLUMN kpi_status.target_value IS 'The value aimed at, x*: the bound; for a band, its lower edge when more is better (upper when less is better; for a two_sided band, the edge on the side the value comes from).';
COMMENT ON COLUMN kpi_status.csi IS 'ESCAP current status index (A − B) / (x* − B): share of the needed progress made since the baseline (level targets).';
COMMENT ON COLUMN kpi_status.progress_ratio IS 'ESCAP''s pace ratio, a measure the status does not use: CAGR achieved since the baseline / CAGR required (linear for ranks and values ≤ 0) for level targets; average to date / required_avg for annual_average targets.';
COMMENT ON COLUMN kpi_status.required_avg IS 'For annual_average targets: the average the remaining years need for the 2021–2025 average to reach the target.';
COMMENT ON COLUMN kpi_status.progress_method IS 'How actual was averaged and expected_2025 projected (the trend''s values and years, or why there is no trend).';
COMMENT ON COLUMN kpi_status.lead_agency IS 'Agency code that leads the target (agencies.code).';
COMMENT ON COLUMN kpi_status.evidence IS 'What kind of figure the value is: official (statistics office tables), published (figures quoted from published pages, with their citation), sample (made up for the demonstration) or unstated; a computed value is as strong as its weakest input, an average as its weakest year.';
COMMENT ON COLUMN kpi_candidates.evidence IS 'official, published, sample or unstated: the source''s kind of evidence, or for a derivation the weakest of its inputs.';
COMMENT ON COLUMN kpi_candidates.source_name IS 'For a reported value: the source that gave it (several sources may report one KPI and year).';
COMMENT ON COLUMN kpi_candidates.evidence_rank IS 'For a reported value: 1 for the one the declared source precedence puts first, 2… for the others.';
COMMENT ON COLUMN tfp_accounting.evidence IS 'The weakest kind of evidence among the values used (official, published, unstated, sample).';
COMMENT ON MACRO TABLE kpi_inputs_as_of IS 'kpi_inputs_as_of(t): the value of each indicator, place and period the KPIs use as known at t (observation_evidence_as_of ranked first), with its evidence.';
COMMENT ON COLUMN kpi_candidates.value_status IS 'preliminary or estimated when the source says the reported value is not final; NULL otherwise.';
COMMENT ON MACRO wls_slope IS 'wls_slope(n, Σw, Σwx, Σwy, Σwx², Σwxy): slope of the weighted least-squares line; NULL with fewer than three points.';
COMMENT ON MACRO wls_intercept IS 'wls_intercept(Σw, Σwx, Σwy, slope): intercept of the weighted least-squares line.';
COMMENT ON MACRO rank_coverage IS 'rank_coverage(n, total): why a rank among n of total provinces is not a national rank; NULL with full coverage.';
