-- What 'chitieu plan list' prints: the plans in the warehouse.
SELECT plan_id, number, period, baseline_year AS baseline, geo_code AS place, in_force, is_default AS "default",
       kpis, targets, amendments, tasks, reviews, issued_on, folder
FROM plan_overview;
