-- kpi_values_as_of(t): the annual value of each KPI for Hà Nội, as known at
-- time t. A KPI reported directly by its lead agency is used as reported;
-- otherwise it is derived from input series:
--   KPI2 labour productivity growth = (GRDP_t/EMP_t) / (GRDP_{t-1}/EMP_{t-1}) - 1
--   KPI7A rank of Hà Nội among provinces by INTL_PUBLICATIONS (1 = most)
--   KPI7B rank of Hà Nội among provinces by growth of PATENT_APPS (1 = fastest)
CREATE OR REPLACE MACRO kpi_values_as_of(t) AS TABLE
WITH annual AS (
    SELECT * FROM indicator_values_as_of(t) WHERE period_kind = 'year'
),
reported AS (
    SELECT a.indicator_code AS kpi_code, a.year, a.value, 'reported' AS method,
           a.series_id AS basis, a.vintage
    FROM annual a JOIN indicators i ON i.code = a.indicator_code AND i.role = 'kpi'
    WHERE a.geo_code = '01'
),
productivity AS (
    SELECT g.year, g.value / e.value AS per_worker, greatest(g.vintage, e.vintage) AS vintage
    FROM annual g JOIN annual e ON e.year = g.year AND e.geo_code = g.geo_code
    WHERE g.indicator_code = 'GRDP_CONST' AND e.indicator_code = 'EMPLOYED'
      AND g.geo_code = '01' AND e.value > 0
),
lp_growth AS (
    SELECT 'KPI2_LABOUR_PROD_GROWTH' AS kpi_code, cur.year,
           (cur.per_worker / prev.per_worker - 1) * 100 AS value,
           'derived: GRDP_CONST / EMPLOYED, year on year' AS method,
           'GRDP_CONST,EMPLOYED' AS basis, greatest(cur.vintage, prev.vintage) AS vintage
    FROM productivity cur JOIN productivity prev ON prev.year = cur.year - 1
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
          FROM patent_growth)
    WHERE geo_code = '01'
),
all_values AS (
    SELECT * FROM reported
    UNION ALL BY NAME SELECT * FROM lp_growth
    UNION ALL BY NAME SELECT * FROM pub_rank
    UNION ALL BY NAME SELECT * FROM patent_rank
)
SELECT kpi_code, year, CAST(value AS DOUBLE) AS value, method, basis, vintage
FROM all_values
QUALIFY row_number() OVER (PARTITION BY kpi_code, year ORDER BY (method = 'reported') DESC, vintage DESC) = 1;

-- kpi_status_as_of(t): one row per KPI target and year 2020-2025 with the
-- actual value, the target, the value expected in 2025 on the current trend,
-- the gap and a status. The rule (a simple one, documented in the README):
--   actual       the year's value; for annual_average targets the average of
--                2021..year (geometric for growth rates, arithmetic otherwise)
--   expected_2025 linear trend from the 2020 baseline through the actual
--                (level targets); the average to date (annual_average targets)
--   status       achieved   target met (in 2025, or a level already reached)
--                on_track   not yet met, but expected_2025 meets it
--                at_risk    expected_2025 closes at least half the baseline gap
--                off_track  otherwise;  no_data  no value for that year
CREATE OR REPLACE MACRO kpi_status_as_of(t) AS TABLE
WITH v AS (SELECT * FROM kpi_values_as_of(t)),
grid AS (
    SELECT tg.*, i.name_vi, i.name_en, i.unit, y.range AS year
    FROM targets tg JOIN indicators i ON i.code = tg.kpi_code
    CROSS JOIN range(2020, 2026) y
),
averaged AS (
    SELECT g.kpi_code, g.year,
           CASE WHEN g.average_method = 'geometric'
                THEN (exp(avg(ln(1 + v.value / 100))) - 1) * 100
                ELSE avg(v.value) END AS avg_to_date
    FROM grid g JOIN v ON v.kpi_code = g.kpi_code AND v.year BETWEEN 2021 AND g.year
    WHERE g.target_kind = 'annual_average'
    GROUP BY g.kpi_code, g.year, g.average_method
),
joined AS (
    SELECT g.*, v.value AS year_value, v.method AS value_method, v.vintage,
           b.value AS baseline_value,
           CASE WHEN v.value IS NULL THEN NULL
                WHEN g.target_kind = 'annual_average' THEN a.avg_to_date
                ELSE v.value END AS actual
    FROM grid g
    LEFT JOIN v ON v.kpi_code = g.kpi_code AND v.year = g.year
    LEFT JOIN v b ON b.kpi_code = g.kpi_code AND b.year = g.baseline_year
    LEFT JOIN averaged a ON a.kpi_code = g.kpi_code AND a.year = g.year
),
projected AS (
    SELECT *,
        CASE WHEN actual IS NULL THEN NULL
             WHEN target_kind = 'annual_average' OR year >= horizon_year THEN actual
             WHEN baseline_value IS NULL OR year <= baseline_year THEN actual
             ELSE actual + (actual - baseline_value) / (year - baseline_year) * (horizon_year - year)
        END AS expected_2025
    FROM joined
),
judged AS (
    SELECT *,
        CASE comparator
            WHEN 'gt' THEN actual > bound_low
            WHEN 'ge' THEN actual >= bound_low
            WHEN 'between' THEN actual BETWEEN bound_low AND bound_high
            WHEN 'approx' THEN abs(actual - bound_low) <= tolerance
            WHEN 'rank_le' THEN actual <= bound_low END AS met,
        CASE comparator
            WHEN 'gt' THEN expected_2025 > bound_low
            WHEN 'ge' THEN expected_2025 >= bound_low
            WHEN 'between' THEN expected_2025 BETWEEN bound_low AND bound_high
            WHEN 'approx' THEN abs(expected_2025 - bound_low) <= tolerance
            WHEN 'rank_le' THEN expected_2025 <= bound_low END AS expected_met,
        CASE comparator
            WHEN 'rank_le' THEN actual - bound_low
            WHEN 'between' THEN CASE WHEN actual < bound_low THEN bound_low - actual
                                     WHEN actual > bound_high THEN bound_high - actual ELSE 0 END
            WHEN 'approx' THEN bound_low - actual
            ELSE bound_low - actual END AS gap,
        CASE comparator
            WHEN 'rank_le' THEN baseline_value - bound_low
            ELSE bound_low - baseline_value END AS baseline_gap,
        CASE comparator
            WHEN 'rank_le' THEN expected_2025 - bound_low
            ELSE bound_low - expected_2025 END AS expected_gap
    FROM projected
)
SELECT
    kpi_no, kpi_code, name_vi, name_en, unit, year, actual, year_value,
    comparator, bound_low AS target_low,
    CASE comparator WHEN 'between' THEN bound_high
                    WHEN 'approx' THEN bound_low + tolerance
                    ELSE NULL END AS target_high,
    target_kind,
    CASE comparator
        WHEN 'gt' THEN '> ' || bound_low
        WHEN 'ge' THEN '≥ ' || bound_low
        WHEN 'between' THEN bound_low || '–' || bound_high
        WHEN 'approx' THEN '≈ ' || bound_low || ' (±' || tolerance || ')'
        WHEN 'rank_le' THEN 'rank ≤ ' || CAST(bound_low AS INTEGER) END
        || CASE WHEN target_kind = 'annual_average' THEN ' (average 2021–2025)' ELSE ' (by 2025)' END AS target_text,
    wording_vi AS target_wording,
    round(expected_2025, 3) AS expected_2025,
    round(gap, 3) AS gap,
    CASE
        WHEN actual IS NULL THEN 'no_data'
        WHEN met AND (year >= horizon_year OR target_kind = 'level') THEN 'achieved'
        WHEN met OR expected_met THEN 'on_track'
        WHEN year < horizon_year AND baseline_gap IS NOT NULL AND baseline_gap > 0
             AND expected_gap <= baseline_gap / 2 THEN 'at_risk'
        ELSE 'off_track'
    END AS status,
    coalesce(value_method, 'none') AS method,
    lead_agency,
    vintage AS as_of
FROM judged
ORDER BY kpi_no, kpi_code, year;

CREATE OR REPLACE VIEW kpi_values AS SELECT * FROM kpi_values_as_of(TIMESTAMP '9999-12-31');
COMMENT ON VIEW kpi_values IS 'Annual value of each KPI for Hà Nội (reported or derived), newest vintages.';

CREATE OR REPLACE VIEW kpi_status AS SELECT * FROM kpi_status_as_of(TIMESTAMP '9999-12-31');
COMMENT ON VIEW kpi_status IS 'One row per KPI target and year 2020-2025: actual, target, expected 2025 value, gap and status (achieved, on_track, at_risk, off_track, no_data).';
