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

-- series_breaks: every growth step of a series (consecutive values of one
-- series, geography and period kind, newest vintages) that crosses a
-- boundary change, with the growth it would wrongly show.
CREATE OR REPLACE VIEW series_breaks AS
WITH steps AS (
    SELECT series_id, indicator_code, geo_code, period_kind, period_start, period_end, value,
           lag(period_start) OVER w AS prev_start, lag(period_end) OVER w AS prev_end, lag(value) OVER w AS prev_value
    FROM observations_latest
    WHERE value IS NOT NULL AND geo_code IN (SELECT geo_code FROM boundary_changes UNION SELECT absorbed_geo FROM boundary_changes)
    WINDOW w AS (PARTITION BY series_id, geo_code, period_kind ORDER BY period_start)
)
SELECT s.series_id, s.indicator_code, s.geo_code, s.period_kind,
       s.prev_start AS from_period, s.period_start AS to_period,
       s.prev_value AS from_value, s.value AS to_value,
       CASE WHEN s.prev_value <> 0 THEN (s.value / s.prev_value - 1) * 100 END AS spurious_growth,
       b.change_date, b.geo_code AS changed_geo, b.absorbed_geo, b.absorbed_name,
       'break: boundary change ' || strftime(b.change_date, '%Y-%m-%d') AS flag
FROM steps s
JOIN boundary_changes b
  ON s.geo_code IN (b.geo_code, b.absorbed_geo)
 AND b.change_date > s.prev_end AND b.change_date <= s.period_end
ORDER BY s.geo_code, s.series_id, s.period_start;

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
    SELECT * FROM indicator_values_as_of(t)
    WHERE period_kind = 'year' AND geo_code IS NOT NULL
      AND indicator_code IN ('GRDP_CONST', 'EMPLOYED', 'CAPITAL_STOCK', 'CAPITAL_SHARE', 'GFCF_CONST')
),
delta AS (
    SELECT value AS d FROM kpi_parameters WHERE name = 'depreciation_rate'
),
gfcf_obs AS (
    -- seg numbers the stretches between boundary changes of the geography
    SELECT geo_code, year, value AS i, series_id, vintage,
           (SELECT count(*) FROM boundary_changes b
             WHERE av.geo_code IN (b.geo_code, b.absorbed_geo) AND year(b.change_date) <= av.year) AS seg
    FROM av WHERE indicator_code = 'GFCF_CONST' AND value > 0
),
gfcf_years AS (
    SELECT geo_code, seg, unnest(range(min(year), max(year) + 1)) AS year,
           max(vintage) AS vintage, arg_max(series_id, year) AS series_id
    FROM gfcf_obs GROUP BY geo_code, seg
),
gfcf_gaps AS (
    SELECT y.geo_code, y.seg, y.year, y.series_id, y.vintage, o.i,
           last_value(o.i IGNORE NULLS) OVER before AS i_prev, last_value(o.year IGNORE NULLS) OVER before AS y_prev,
           first_value(o.i IGNORE NULLS) OVER after AS i_next, first_value(o.year IGNORE NULLS) OVER after AS y_next
    FROM gfcf_years y LEFT JOIN gfcf_obs o ON o.geo_code = y.geo_code AND o.year = y.year
    WINDOW before AS (PARTITION BY y.geo_code, y.seg ORDER BY y.year ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
           after AS (PARTITION BY y.geo_code, y.seg ORDER BY y.year ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
),
gfcf AS (
    SELECT geo_code, seg, year, series_id, vintage, i IS NULL AS interpolated,
           coalesce(i, i_prev * pow(i_next / i_prev, CAST(year - y_prev AS DOUBLE) / (y_next - y_prev))) AS i
    FROM gfcf_gaps
),
gfcf_start AS (
    SELECT f.geo_code, f.seg, min(f.year) AS year,
           (SELECT avg(cur.i / prev.i - 1) FROM gfcf cur JOIN gfcf prev
              ON prev.geo_code = cur.geo_code AND prev.seg = cur.seg AND prev.year = cur.year - 1
             WHERE cur.geo_code = f.geo_code AND cur.seg = f.seg) AS g,
           string_agg(CASE WHEN f.interpolated THEN CAST(f.year AS VARCHAR) END, ', ' ORDER BY f.year) AS filled
    FROM gfcf f GROUP BY f.geo_code, f.seg
),
pim(geo_code, seg, year, k) AS (
    SELECT f.geo_code, f.seg, f.year, f.i / (coalesce(s.g, 0) + dl.d)
    FROM gfcf f JOIN gfcf_start s ON s.geo_code = f.geo_code AND s.seg = f.seg AND s.year = f.year CROSS JOIN delta dl
    WHERE coalesce(s.g, 0) + dl.d > 0
    UNION ALL
    SELECT f.geo_code, f.seg, f.year, (1 - dl.d) * p.k + f.i
    FROM pim p JOIN gfcf f ON f.geo_code = p.geo_code AND f.seg = p.seg AND f.year = p.year + 1 CROSS JOIN delta dl
),
capital AS (
    SELECT geo_code, 0 AS seg, year, value AS k, 'CAPITAL_STOCK=' || series_id AS k_used, vintage, 1 AS pref
    FROM av WHERE indicator_code = 'CAPITAL_STOCK' AND value > 0
    UNION ALL
    SELECT p.geo_code, p.seg, p.year, p.k,
           'K by perpetual inventory of GFCF_CONST=' || f.series_id || ' (δ = ' || dl.d || '), K_' || s.year
               || ' = I_' || s.year || ' / (g_I + δ) with g_I = ' || round(coalesce(s.g, 0), 6)
               || coalesce('; I filled at constant growth for ' || s.filled, ''),
           f.vintage, 2
    FROM pim p JOIN gfcf f ON f.geo_code = p.geo_code AND f.seg = p.seg AND f.year = p.year
    JOIN gfcf_start s ON s.geo_code = p.geo_code AND s.seg = p.seg CROSS JOIN delta dl
),
k_growth AS (
    SELECT cur.geo_code, cur.year, (cur.k / prev.k - 1) * 100 AS g_k, cur.k_used, greatest(cur.vintage, prev.vintage) AS vintage
    FROM capital cur JOIN capital prev
      ON prev.geo_code = cur.geo_code AND prev.pref = cur.pref AND prev.seg = cur.seg AND prev.year = cur.year - 1
    QUALIFY row_number() OVER (PARTITION BY cur.geo_code, cur.year ORDER BY cur.pref) = 1
),
levels AS (
    SELECT y.geo_code, y.year, y.value AS y, l.value AS l, y.series_id AS y_series, l.series_id AS l_series,
           greatest(y.vintage, l.vintage) AS vintage
    FROM av y JOIN av l ON l.geo_code = y.geo_code AND l.year = y.year AND l.indicator_code = 'EMPLOYED'
    WHERE y.indicator_code = 'GRDP_CONST' AND y.value > 0 AND l.value > 0
),
steps AS (
    SELECT cur.geo_code, cur.year, year_break(cur.geo_code, cur.year) AS flag,
           (cur.y / prev.y - 1) * 100 AS g_y,
           kg.g_k,
           (cur.l / prev.l - 1) * 100 AS g_l,
           'GRDP_CONST=' || cur.y_series || ', ' || coalesce(kg.k_used, 'no capital stock for both years') || ', EMPLOYED=' || cur.l_series AS series_used,
           greatest(cur.vintage, prev.vintage, kg.vintage) AS vintage
    FROM levels cur
    JOIN levels prev ON prev.geo_code = cur.geo_code AND prev.year = cur.year - 1
    LEFT JOIN k_growth kg ON kg.geo_code = cur.geo_code AND kg.year = cur.year
),
growth AS (
    SELECT geo_code, year, flag,
           CASE WHEN flag IS NULL THEN g_y END AS g_y,
           CASE WHEN flag IS NULL THEN g_k END AS g_k,
           CASE WHEN flag IS NULL THEN g_l END AS g_l,
           series_used, vintage
    FROM steps WHERE g_k IS NOT NULL OR flag IS NOT NULL
),
with_alpha AS (
    SELECT g.*,
           coalesce(a.value / 100, p.value) AS alpha,
           CASE WHEN a.value IS NOT NULL THEN 'published CAPITAL_SHARE ' || a.series_id
                ELSE 'kpi_parameters.capital_share_alpha (default)' END AS alpha_source,
           greatest(g.vintage, a.vintage) AS vintage_all
    FROM growth g
    LEFT JOIN av a ON a.geo_code = g.geo_code AND a.year = g.year AND a.indicator_code = 'CAPITAL_SHARE'
    LEFT JOIN kpi_parameters p ON p.name = 'capital_share_alpha'
),
accounted AS (
    SELECT geo_code, year, g_y, g_k, g_l, alpha, alpha_source,
           g_y - alpha * g_k - (1 - alpha) * g_l AS g_tfp,
           flag, series_used, vintage_all AS vintage
    FROM with_alpha
)
SELECT geo_code, year, g_y, g_k, g_l, alpha, alpha_source, g_tfp,
       CASE WHEN g_y <> 0 THEN g_tfp / g_y * 100 END AS share,
       CASE WHEN year >= 2021 THEN avg(g_y) FILTER (WHERE year >= 2021) OVER w END AS g_y_mean,
       CASE WHEN year >= 2021 THEN avg(g_tfp) FILTER (WHERE year >= 2021) OVER w END AS g_tfp_mean,
       CASE WHEN year >= 2021 AND avg(g_y) FILTER (WHERE year >= 2021) OVER w <> 0
            THEN avg(g_tfp) FILTER (WHERE year >= 2021) OVER w / avg(g_y) FILTER (WHERE year >= 2021) OVER w * 100 END AS share_period,
       CASE WHEN year >= 2021 THEN avg(CASE WHEN g_y <> 0 THEN g_tfp / g_y * 100 END) FILTER (WHERE year >= 2021) OVER w END AS share_mean,
       flag, series_used, vintage
FROM accounted
WINDOW w AS (PARTITION BY geo_code ORDER BY year ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY geo_code, year;

-- kpi_candidates_as_of(t): every value of every KPI for Hà Nội that can be
-- had at time t — as reported by its lead agency, and as derived from input
-- series — so a reported figure can be checked against its derivation.
--   KPI1 TFP share             growth accounting (tfp_accounting_as_of)
--   KPI2 labour productivity   (Y_t / L_t) / (Y_{t-1} / L_{t-1}) - 1, × 100
--   KPI3, 4, 5, 6 shares       numerator / denominator × 100 (ratios below)
--   KPI7A publications rank    rank of Hà Nội among provinces by INTL_PUBLICATIONS (1 = most)
--   KPI7B patent growth rank   rank of Hà Nội among provinces by PATENT_APPS growth (1 = fastest)
-- Ranks use rank(): tied provinces share the better place.
-- A growth rate whose step crosses a boundary change (year_break) is not
-- computed: KPI1 and KPI2 get a row with value NULL and method
-- 'break: boundary change YYYY-MM-DD'; for KPI7B the provinces whose step
-- crosses one are left out of the ranking, and Hà Nội's own is flagged so.
CREATE OR REPLACE MACRO kpi_candidates_as_of(t) AS TABLE
WITH annual AS (
    SELECT * FROM indicator_values_as_of(t) WHERE period_kind = 'year'
),
hn AS (
    SELECT * FROM annual WHERE geo_code = '01'
),
reported AS (
    SELECT a.indicator_code AS kpi_code, a.year, a.value, 'reported' AS method,
           a.series_id AS basis, a.vintage
    FROM hn a JOIN indicators i ON i.code = a.indicator_code AND i.role = 'kpi'
),
tfp AS (
    SELECT 'KPI1_TFP_SHARE' AS kpi_code, year, share AS value,
           coalesce(flag, 'derived: growth accounting g_TFP = g_Y − α·g_K − (1−α)·g_L, α = ' || round(alpha, 4)
               || ' (' || alpha_source || ')') AS method,
           series_used AS basis, vintage
    FROM tfp_accounting_as_of(t) WHERE geo_code = '01' AND (share IS NOT NULL OR flag IS NOT NULL)
),
productivity AS (
    SELECT g.year, g.value / e.value AS per_worker, greatest(g.vintage, e.vintage) AS vintage
    FROM hn g JOIN hn e ON e.year = g.year AND e.indicator_code = 'EMPLOYED'
    WHERE g.indicator_code = 'GRDP_CONST' AND e.value > 0
),
lp_steps AS (
    SELECT cur.year, year_break('01', cur.year) AS flag,
           (cur.per_worker / prev.per_worker - 1) * 100 AS growth,
           greatest(cur.vintage, prev.vintage) AS vintage
    FROM productivity cur JOIN productivity prev ON prev.year = cur.year - 1
),
lp_growth AS (
    -- a step across a boundary change has no value; its method is the flag
    SELECT 'KPI2_LABOUR_PROD_GROWTH' AS kpi_code, year,
           CASE WHEN flag IS NULL THEN growth END AS value,
           coalesce(flag, 'derived: GRDP_CONST / EMPLOYED, year on year') AS method,
           'GRDP_CONST,EMPLOYED' AS basis, vintage
    FROM lp_steps
),
ratio_defs(kpi_code, numerator, denominator) AS (
    VALUES ('KPI3_HITECH_AGRI_SHARE', 'HITECH_AGRI_OUTPUT', 'AGRI_OUTPUT'),
           ('KPI4_DIGITAL_ECON_SHARE', 'DIGITAL_ECON_VA', 'GRDP_CURRENT'),
           ('KPI5_INNOVATING_ENT_SHARE', 'ENTERPRISES_INNOVATING', 'ENTERPRISES_SURVEYED'),
           ('KPI6_OCOP_IP_SHARE', 'OCOP_IP_SUPPORTED', 'OCOP_PRODUCTS')
),
ratios AS (
    SELECT r.kpi_code, n.year, n.value / d.value * 100 AS value,
           'derived: ' || r.numerator || ' / ' || r.denominator || ' × 100' AS method,
           r.numerator || ',' || r.denominator AS basis, greatest(n.vintage, d.vintage) AS vintage
    FROM ratio_defs r
    JOIN hn n ON n.indicator_code = r.numerator
    JOIN hn d ON d.indicator_code = r.denominator AND d.year = n.year
    WHERE d.value > 0
),
provinces AS (
    SELECT * FROM annual WHERE regexp_full_match(geo_code, '[0-9]{2}')
),
pub_rank AS (
    SELECT 'KPI7A_PUBLICATIONS_RANK' AS kpi_code, year, rnk AS value,
           'derived: rank of Hà Nội by INTL_PUBLICATIONS among ' || n || ' provinces' AS method,
           'INTL_PUBLICATIONS' AS basis, vintage
    FROM (SELECT year, geo_code, vintage,
                 rank() OVER (PARTITION BY year ORDER BY value DESC) AS rnk,
                 count(*) OVER (PARTITION BY year) AS n
          FROM provinces WHERE indicator_code = 'INTL_PUBLICATIONS')
    WHERE geo_code = '01'
),
patent_growth AS (
    SELECT cur.year, cur.geo_code, (cur.value / prev.value - 1) AS growth,
           year_break(cur.geo_code, cur.year) AS flag,
           greatest(cur.vintage, prev.vintage) AS vintage
    FROM provinces cur JOIN provinces prev
      ON prev.indicator_code = cur.indicator_code AND prev.geo_code = cur.geo_code AND prev.year = cur.year - 1
    WHERE cur.indicator_code = 'PATENT_APPS' AND prev.value > 0
),
patent_rank AS (
    SELECT 'KPI7B_PATENT_GROWTH_RANK' AS kpi_code, year, rnk AS value,
           'derived: rank of Hà Nội by growth of PATENT_APPS among ' || n || ' provinces' AS method,
           'PATENT_APPS' AS basis, vintage
    FROM (SELECT year, geo_code, vintage,
                 rank() OVER (PARTITION BY year ORDER BY growth DESC) AS rnk,
                 count(*) OVER (PARTITION BY year) AS n
          FROM patent_growth WHERE flag IS NULL)
    WHERE geo_code = '01'
    UNION ALL
    -- Hà Nội's growth across a boundary change is not ranked (provinces
    -- whose own step crosses one are left out of the ranking above)
    SELECT 'KPI7B_PATENT_GROWTH_RANK', year, NULL, flag, 'PATENT_APPS', vintage
    FROM patent_growth WHERE geo_code = '01' AND flag IS NOT NULL
)
SELECT kpi_code, year, CAST(value AS DOUBLE) AS value, method, basis, vintage
FROM (
    SELECT * FROM reported
    UNION ALL BY NAME SELECT * FROM tfp
    UNION ALL BY NAME SELECT * FROM lp_growth
    UNION ALL BY NAME SELECT * FROM ratios
    UNION ALL BY NAME SELECT * FROM pub_rank
    UNION ALL BY NAME SELECT * FROM patent_rank
);

-- kpi_values_as_of(t): one value per KPI and year. A value the lead agency
-- or the statistics office reports takes precedence over a derivation (it is
-- the official figure); kpi_candidates_as_of keeps the derivation beside it.
CREATE OR REPLACE MACRO kpi_values_as_of(t) AS TABLE
SELECT * FROM kpi_candidates_as_of(t)
QUALIFY row_number() OVER (PARTITION BY kpi_code, year ORDER BY (method = 'reported') DESC, vintage DESC, method) = 1;

-- kpi_status_as_of(t): one row per KPI target and year 2020-2025, judged by
-- the UN ESCAP progress assessment (Asia and the Pacific SDG Progress
-- Report, technical notes) adapted to the plan's comparators:
--
-- Level targets (reach by 2025). B = the 2020 baseline value (or, lacking
-- it, the earliest value since 2020), A = the year's value, x* = the target
-- value: the bound for gt/ge/rank_le; for between/approx the band edge on
-- the baseline's side (approx 30 ± 2 from below is 28).
--   current status index  csi   = (A - B) / (x* - B)
--   anticipated progress  ratio = CAGR_actual / CAGR_required
--       CAGR_actual   = (A / B)^(1 / (year - b_year)) - 1
--       CAGR_required = (x* / B)^(1 / (2025 - b_year)) - 1
--     ranks, and values ≤ 0, use linear rates instead:
--       ((A - B) / (year - b_year)) / ((x* - B) / (2025 - b_year))
--   expected_2025 = A extended to 2025 at CAGR_actual (linear for ranks),
--     clamped to the indicator's plausible range.
-- Annual-average targets (average over 2021–2025): A = average to date over
-- the k years with values (geometric for growth rates, arithmetic for
-- shares), m = 2025 - year years remain, n = k + m;
--   required_avg r = the average the remaining years need:
--       arithmetic  (n·x* - k·A) / m
--       geometric   ((1 + x*)^n / Π(1 + v))^(1/m) - 1   (rates as fractions)
--   ratio = A / r (the pace kept / the pace needed; above a between band,
--     r / A); r ≤ 0 (target secured) counts as on track.
--   expected_2025 = the period average with the remaining years on the
--     least-squares line through the yearly values (flat with one value).
-- status: achieved (level target met, or average target met in 2025),
--   on_track (ratio ≥ 0.95), at_risk (0.5 ≤ ratio < 0.95: needs
--   acceleration), off_track (ratio < 0.5, moving away from a target the
--   baseline met, or the horizon passed unmet), no_data (no value). A level
--   value with no earlier value to measure a pace from is at_risk. The
--   thresholds are kpi_parameters progress_on_track / progress_at_risk.
--   A level value that crossed a band (between/approx) from the baseline's
--   side to the far side is at_risk: it must come back into the band.
CREATE OR REPLACE MACRO kpi_status_as_of(t) AS TABLE
WITH v_all AS (SELECT * FROM kpi_values_as_of(t)),
-- a year whose value is NULL (a growth step across a boundary change) has
-- no_data; its method (the break flag) is still shown
v AS (SELECT * FROM v_all WHERE value IS NOT NULL),
thresholds AS (
    SELECT max(value) FILTER (WHERE name = 'progress_on_track') AS on_track_min,
           max(value) FILTER (WHERE name = 'progress_at_risk') AS at_risk_min
    FROM kpi_parameters
),
grid AS (
    SELECT tg.*, i.name_vi, i.name_en, i.unit, i.valid_min, i.valid_max, y.range AS year,
           CASE tg.comparator WHEN 'approx' THEN tg.bound_low - tg.tolerance ELSE tg.bound_low END AS lo,
           CASE tg.comparator WHEN 'approx' THEN tg.bound_low + tg.tolerance
                              WHEN 'between' THEN tg.bound_high END AS hi
    FROM targets tg JOIN indicators i ON i.code = tg.kpi_code
    CROSS JOIN range(2020, 2026) y
),
base AS (
    SELECT g.kpi_code, g.year, arg_min(v.value, v.year) AS b_value, min(v.year) AS b_year
    FROM grid g JOIN v ON v.kpi_code = g.kpi_code AND v.year >= g.baseline_year AND v.year < g.year
    WHERE g.target_kind = 'level'
    GROUP BY g.kpi_code, g.year
),
period AS (
    SELECT g.kpi_code, g.year, count(*) AS k,
           avg(v.value) AS arith_avg,
           sum(ln(1 + v.value / 100)) AS ln_sum,
           regr_slope(v.value, v.year) AS slope, regr_intercept(v.value, v.year) AS intercept,
           max(v.vintage) AS vintage
    FROM grid g JOIN v ON v.kpi_code = g.kpi_code AND v.year > g.baseline_year AND v.year <= g.year
    WHERE g.target_kind = 'annual_average'
    GROUP BY g.kpi_code, g.year
),
projection AS (
    SELECT p.kpi_code, p.year,
           sum(coalesce(p.intercept + p.slope * r.range, p.arith_avg)) AS proj_sum,
           sum(ln(1 + coalesce(p.intercept + p.slope * r.range, p.arith_avg) / 100)) AS proj_ln_sum
    FROM period p JOIN range(2021, 2026) r ON r.range > p.year
    GROUP BY p.kpi_code, p.year
),
joined AS (
    SELECT g.*, v.value AS year_value, v.method AS value_method, v.vintage AS year_vintage,
           b.b_value, b.b_year, p.k, p.ln_sum, p.vintage AS period_vintage,
           g.horizon_year - g.year AS m,
           coalesce(pr.proj_sum, 0) AS proj_sum, coalesce(pr.proj_ln_sum, 0) AS proj_ln_sum,
           CASE WHEN g.target_kind = 'level' THEN v.value
                WHEN v.value IS NULL OR p.k IS NULL THEN NULL
                WHEN g.average_method = 'geometric' THEN (exp(p.ln_sum / p.k) - 1) * 100
                ELSE p.arith_avg END AS actual
    FROM grid g
    LEFT JOIN v_all v ON v.kpi_code = g.kpi_code AND v.year = g.year
    LEFT JOIN base b ON b.kpi_code = g.kpi_code AND b.year = g.year
    LEFT JOIN period p ON p.kpi_code = g.kpi_code AND p.year = g.year
    LEFT JOIN projection pr ON pr.kpi_code = g.kpi_code AND pr.year = g.year
),
met AS (
    SELECT j.*,
        CASE comparator
            WHEN 'gt' THEN actual > lo
            WHEN 'ge' THEN actual >= lo
            WHEN 'rank_le' THEN actual <= lo
            ELSE actual BETWEEN lo AND hi END AS is_met,
        CASE comparator
            WHEN 'gt' THEN b_value > lo
            WHEN 'ge' THEN b_value >= lo
            WHEN 'rank_le' THEN b_value <= lo
            ELSE b_value BETWEEN lo AND hi END AS baseline_met,
        -- a level value that crossed a band from the baseline's side to
        -- the other: moving, but no longer towards the target
        target_kind = 'level' AND comparator IN ('between', 'approx')
            AND ((b_value < lo AND actual > hi) OR (b_value > hi AND actual < lo)) AS overshot,
        -- the value aimed at: for a band, the edge on the side the value
        -- comes from (the baseline for level targets, the average to date
        -- for average targets)
        CASE WHEN comparator IN ('gt', 'ge', 'rank_le') THEN lo
             WHEN coalesce(CASE WHEN target_kind = 'level' THEN b_value ELSE actual END, lo) > hi THEN hi
             ELSE lo END AS target_value
    FROM joined j
),
level_pace AS (
    SELECT m.*,
        (comparator = 'rank_le' OR b_value <= 0 OR actual <= 0 OR target_value <= 0) AS linear,
        CASE WHEN b_value IS NULL OR year <= b_year THEN NULL
             WHEN comparator = 'rank_le' OR b_value <= 0 OR actual <= 0 OR target_value <= 0
                  THEN (actual - b_value) / (year - b_year)
             ELSE pow(actual / b_value, 1.0 / (year - b_year)) - 1 END AS pace_actual,
        CASE WHEN b_value IS NULL OR year <= b_year THEN NULL
             WHEN comparator = 'rank_le' OR b_value <= 0 OR actual <= 0 OR target_value <= 0
                  THEN (target_value - b_value) / (horizon_year - b_year)
             ELSE pow(target_value / b_value, 1.0 / (horizon_year - b_year)) - 1 END AS pace_required
    FROM met m
),
assessed AS (
    SELECT l.*,
        CASE WHEN target_kind = 'annual_average' AND actual IS NOT NULL AND m > 0 THEN
            CASE WHEN average_method = 'geometric'
                 THEN (exp(((k + m) * ln(1 + target_value / 100) - ln_sum) / m) - 1) * 100
                 ELSE ((k + m) * target_value - k * actual) / m END END AS required_avg,
        CASE WHEN target_kind = 'level' AND b_value IS NOT NULL AND target_value <> b_value
             THEN (actual - b_value) / (target_value - b_value) END AS csi
    FROM level_pace l
),
rated AS (
    SELECT a.*,
        CASE
            WHEN actual IS NULL THEN NULL
            WHEN target_kind = 'level' THEN
                CASE WHEN pace_required IS NULL OR pace_required = 0 OR baseline_met OR overshot THEN NULL
                     ELSE pace_actual / pace_required END
            WHEN required_avg IS NULL THEN NULL
            WHEN coalesce(actual > hi, false) THEN CASE WHEN actual <> 0 THEN required_avg / actual END
            WHEN required_avg <= 0 THEN NULL
            ELSE actual / required_avg END AS progress_ratio,
        CASE
            WHEN actual IS NULL OR year >= horizon_year THEN actual
            WHEN target_kind = 'annual_average' THEN
                CASE WHEN average_method = 'geometric'
                     THEN (exp((ln_sum + proj_ln_sum) / (k + m)) - 1) * 100
                     ELSE (k * actual + proj_sum) / (k + m) END
            WHEN pace_actual IS NULL THEN actual
            WHEN linear THEN least(greatest(actual + pace_actual * (horizon_year - year), valid_min), valid_max)
            ELSE least(greatest(actual * pow(1 + pace_actual, horizon_year - year), valid_min), valid_max)
        END AS expected_2025
    FROM assessed a
)
SELECT
    kpi_no, kpi_code, name_vi, name_en, unit, year, actual, year_value,
    comparator, lo AS target_low, hi AS target_high, target_kind, average_method,
    CASE comparator
        WHEN 'gt' THEN '> ' || bound_low
        WHEN 'ge' THEN '≥ ' || bound_low
        WHEN 'between' THEN bound_low || '–' || bound_high
        WHEN 'approx' THEN '≈ ' || bound_low || ' (±' || tolerance || ')'
        WHEN 'rank_le' THEN 'rank ≤ ' || CAST(bound_low AS INTEGER) END
        || CASE WHEN target_kind = 'annual_average' THEN ' (average 2021–2025)' ELSE ' (by 2025)' END AS target_text,
    wording_vi AS target_wording,
    b_year AS baseline_year, b_value AS baseline_value, target_value,
    csi, progress_ratio, required_avg,
    expected_2025,
    CASE
        WHEN actual IS NULL THEN NULL
        WHEN comparator = 'rank_le' THEN actual - lo
        WHEN comparator IN ('gt', 'ge') THEN lo - actual
        WHEN actual < lo THEN lo - actual
        WHEN actual > hi THEN hi - actual
        ELSE 0 END AS gap,
    CASE
        WHEN actual IS NULL THEN 'no_data'
        WHEN is_met AND (target_kind = 'level' OR year >= horizon_year) THEN 'achieved'
        WHEN year >= horizon_year THEN 'off_track'
        WHEN target_kind = 'level' AND b_value IS NULL THEN 'at_risk'
        WHEN target_kind = 'level' AND baseline_met THEN 'off_track'
        WHEN overshot THEN 'at_risk'
        WHEN target_kind = 'annual_average' AND required_avg <= 0 AND actual > 0 AND NOT coalesce(actual > hi, false) THEN 'on_track'
        WHEN progress_ratio >= th.on_track_min THEN 'on_track'
        WHEN progress_ratio >= th.at_risk_min THEN 'at_risk'
        ELSE 'off_track'
    END AS status,
    coalesce(value_method, 'none') AS method,
    CASE
        WHEN actual IS NULL THEN NULL
        WHEN is_met AND (target_kind = 'level' OR year >= horizon_year) THEN 'target met'
        WHEN target_kind = 'annual_average' THEN 'ESCAP ratio: average to date / average required '
            || CASE WHEN m > 0 THEN 'in ' || m || ' remaining year(s)' ELSE 'at the horizon' END
            || ' (' || average_method || ')'
        WHEN b_value IS NULL THEN 'no earlier value: pace not measurable'
        WHEN baseline_met THEN 'baseline ' || b_year || ' met the target: moving away'
        WHEN overshot THEN 'crossed the band since ' || b_year
        WHEN linear THEN 'ESCAP ratio, linear rates since ' || b_year
        ELSE 'ESCAP ratio: CAGR since ' || b_year || ' / CAGR required to ' || horizon_year END AS progress_method,
    lead_agency,
    CASE WHEN actual IS NULL THEN NULL
         WHEN target_kind = 'annual_average' THEN period_vintage ELSE year_vintage END AS as_of
FROM rated, thresholds th
ORDER BY kpi_no, kpi_code, year;

CREATE OR REPLACE VIEW tfp_accounting AS SELECT * FROM tfp_accounting_as_of(TIMESTAMP '9999-12-31');
COMMENT ON VIEW tfp_accounting IS 'Growth accounting by geography (geo_code) and year: g_Y, g_K, g_L (GRDP_CONST, CAPITAL_STOCK, EMPLOYED), the capital share α used and where it came from, g_TFP = g_Y − α·g_K − (1−α)·g_L, the TFP share of growth, and its 2021-to-date averages.';

CREATE OR REPLACE VIEW kpi_candidates AS SELECT * FROM kpi_candidates_as_of(TIMESTAMP '9999-12-31');
COMMENT ON VIEW kpi_candidates IS 'Every value of each KPI: as reported and as derived from input series, side by side (a cross-check of reported figures).';

CREATE OR REPLACE VIEW kpi_values AS SELECT * FROM kpi_values_as_of(TIMESTAMP '9999-12-31');
COMMENT ON VIEW kpi_values IS 'Annual value of each KPI for Hà Nội (reported, else derived), newest vintages.';

CREATE OR REPLACE VIEW kpi_status AS SELECT * FROM kpi_status_as_of(TIMESTAMP '9999-12-31');
COMMENT ON VIEW kpi_status IS 'One row per KPI target and year 2020-2025 judged by the UN ESCAP progress assessment: actual, target, current status index, anticipated progress ratio, expected 2025 value, gap and status (achieved, on_track, at_risk, off_track, no_data).';

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
COMMENT ON COLUMN series_breaks.flag IS 'The flag the KPI computations use: break: boundary change YYYY-MM-DD.';

COMMENT ON COLUMN tfp_accounting.geo_code IS 'Geography (01 = Hà Nội, VN = whole country); KPI 1 reads 01.';
COMMENT ON COLUMN tfp_accounting.flag IS 'break: boundary change YYYY-MM-DD when the step from the year before crosses a boundary change (its growth rates are then NULL and left out of the means); else NULL.';
COMMENT ON COLUMN tfp_accounting.year IS 'Year t of the growth from t-1 to t.';
COMMENT ON COLUMN tfp_accounting.g_y IS 'Growth of GRDP at constant prices (GRDP_CONST), % a year.';
COMMENT ON COLUMN tfp_accounting.g_k IS 'Growth of the capital stock, % a year: CAPITAL_STOCK, else the perpetual inventory of GFCF_CONST (series_used says which).';
COMMENT ON COLUMN tfp_accounting.g_l IS 'Growth of employment (EMPLOYED), % a year.';
COMMENT ON COLUMN tfp_accounting.alpha IS 'Capital share α used: CAPITAL_SHARE/100 published for the year, else kpi_parameters.capital_share_alpha.';
COMMENT ON COLUMN tfp_accounting.alpha_source IS 'Where α came from: the published series, or the default parameter.';
COMMENT ON COLUMN tfp_accounting.g_tfp IS 'TFP growth g_Y − α·g_K − (1−α)·g_L, percentage points.';
COMMENT ON COLUMN tfp_accounting.share IS 'TFP contribution to GRDP growth: g_TFP / g_Y × 100 (NULL when g_Y = 0).';
COMMENT ON COLUMN tfp_accounting.g_y_mean IS 'Mean g_Y over 2021..year.';
COMMENT ON COLUMN tfp_accounting.g_tfp_mean IS 'Mean g_TFP over 2021..year.';
COMMENT ON COLUMN tfp_accounting.share_period IS 'TFP share of the period''s growth: mean g_TFP / mean g_Y × 100 over 2021..year.';
COMMENT ON COLUMN tfp_accounting.share_mean IS 'Mean of the yearly shares over 2021..year (what kpi_status averages for KPI 1).';
COMMENT ON COLUMN tfp_accounting.series_used IS 'The series (series_id) read for Y, K and L, and how K was obtained (the perpetual inventory''s start, g_I and the investment years filled at constant growth).';
COMMENT ON COLUMN tfp_accounting.vintage IS 'Newest vintage among the values used.';

COMMENT ON COLUMN kpi_candidates.kpi_code IS 'KPI code (indicators.code).';
COMMENT ON COLUMN kpi_candidates.year IS 'Year of the value.';
COMMENT ON COLUMN kpi_candidates.value IS 'The value, reported or derived.';
COMMENT ON COLUMN kpi_candidates.method IS 'reported, or derived: … (the formula and inputs).';
COMMENT ON COLUMN kpi_candidates.basis IS 'The series or input indicators the value rests on.';
COMMENT ON COLUMN kpi_candidates.vintage IS 'Newest vintage among the values used.';

COMMENT ON COLUMN kpi_status.year_value IS 'The year''s own value (for annual_average targets, actual is the average to date).';
COMMENT ON COLUMN kpi_status.target_kind IS 'level (reach by 2025) or annual_average (average over 2021–2025).';
COMMENT ON COLUMN kpi_status.average_method IS 'For annual_average targets: geometric (growth rates) or arithmetic (shares).';
COMMENT ON COLUMN kpi_status.target_wording IS 'The plan''s own sentence for the target.';
COMMENT ON COLUMN kpi_status.baseline_year IS 'Year of the baseline value of a level target: 2020, or the earliest year with a value.';
COMMENT ON COLUMN kpi_status.baseline_value IS 'The baseline value B the pace is measured from (level targets).';
COMMENT ON COLUMN kpi_status.target_value IS 'The value aimed at, x*: the bound, or the band edge on the side the value comes from.';
COMMENT ON COLUMN kpi_status.csi IS 'ESCAP current status index (A − B) / (x* − B): share of the needed progress made since the baseline (level targets).';
COMMENT ON COLUMN kpi_status.progress_ratio IS 'ESCAP anticipated progress ratio: pace achieved / pace required (CAGR, linear for ranks, averages for annual_average targets). ≥ 0.95 on_track, ≥ 0.5 at_risk.';
COMMENT ON COLUMN kpi_status.required_avg IS 'For annual_average targets: the average the remaining years need for the 2021–2025 average to reach the target.';
COMMENT ON COLUMN kpi_status.progress_method IS 'How progress_ratio was computed, or why it was not.';
COMMENT ON COLUMN kpi_status.lead_agency IS 'Agency code that leads the target (agencies.code).';
