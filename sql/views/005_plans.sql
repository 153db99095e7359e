-- The plans the warehouse follows (plans, seeded from each plan's folder).
--
-- plan_in_force(d): the plan a reader means when they name none — the plan
-- whose period (first_year..last_year) contains d's year, the latest issued
-- first; when none does (between plans, or after the last one), the plan
-- whose period ended most recently before d; before every plan, the
-- earliest. On 6 December 2026 with Plan 185 (2021–2025) alone, that is
-- Plan 185: its final review is the work of the year after its period.
CREATE OR REPLACE MACRO plan_in_force(d) AS (
    SELECT plan_id FROM plans
    ORDER BY (year(CAST(d AS DATE)) BETWEEN first_year AND last_year) DESC,
             (last_year < year(CAST(d AS DATE))) DESC,
             CASE WHEN last_year < year(CAST(d AS DATE)) THEN last_year END DESC NULLS LAST,
             -- in force: the latest issued; before every plan: the earliest
             CASE WHEN year(CAST(d AS DATE)) >= first_year THEN issued_on END DESC NULLS LAST,
             first_year, issued_on, plan_id
    LIMIT 1
);

-- plan_named(id, number, name): whether a plan whose id and document number
-- these are is the one a --plan value names (either, in any case).
CREATE OR REPLACE MACRO plan_named(id, number, name) AS lower(id) = lower(name) OR lower(number) = lower(name);

-- plan_overview: each plan with what it holds and whether it is in force
-- today.
CREATE OR REPLACE VIEW plan_overview AS
SELECT p.plan_id, p.number, p.first_year || '–' || p.last_year AS period, p.baseline_year, p.geo_code,
       year(current_date) BETWEEN p.first_year AND p.last_year AS in_force,
       p.plan_id = plan_in_force(current_date) AS is_default,
       (SELECT count(*) FROM indicators i WHERE i.plan_id = p.plan_id) AS kpis,
       (SELECT count(*) FROM targets t WHERE t.plan_id = p.plan_id AND t.decision = p.number) AS targets,
       (SELECT count(*) FROM targets t WHERE t.plan_id = p.plan_id AND t.decision <> p.number) AS amendments,
       (SELECT count(*) FROM plan_tasks t WHERE t.plan_id = p.plan_id) AS tasks,
       (SELECT string_agg(r.review, ', ' ORDER BY r.year) FROM plan_reviews r WHERE r.plan_id = p.plan_id) AS reviews,
       p.issued_on, p.issuer, p.title_vi, p.folder
FROM plans p
ORDER BY p.issued_on, p.plan_id;

COMMENT ON MACRO plan_in_force IS 'plan_in_force(d): the plan_id in force on date d (its period contains d''s year; else the plan whose period ended most recently; else the earliest): the plan kpi, report, tasks and the example queries use when --plan names none.';
COMMENT ON MACRO plan_named IS 'plan_named(plan_id, number, name): TRUE when name (a --plan value) is the plan''s id or its document number, in any case.';
COMMENT ON VIEW plan_overview IS 'Each plan: number, period, baseline, place, whether in force today and the default, and how many KPIs, original targets, amendments, tasks and reviews it holds.';
COMMENT ON COLUMN plan_overview.in_force IS 'TRUE when today''s year is within the plan''s period.';
COMMENT ON COLUMN plan_overview.is_default IS 'TRUE for the plan commands use when --plan names none (plan_in_force(today)).';
COMMENT ON COLUMN plan_overview.amendments IS 'Targets set by a later decision than the plan itself.';

-- chosen_plan(): the plan the example queries (sql/queries) and an
-- analyst's own queries mean: the one 'chitieu sql --plan P' sets (SET
-- VARIABLE plan = 'P'), else the plan in force today.
CREATE OR REPLACE MACRO chosen_plan() AS coalesce(getvariable('plan'), plan_in_force(current_date));
COMMENT ON MACRO chosen_plan IS 'chosen_plan(): the plan chitieu sql --plan sets (SET VARIABLE plan = ''hn-185-2021''), else plan_in_force(today): the plan the example queries show.';
