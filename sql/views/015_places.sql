-- provinces_in(y): the province-level units that exist in year y, with the
-- name each has then: the 63 of 2008–2024, the 34 from 2025 (Resolution
-- 202/2025/QH15; a year containing a change counts as after it, as in
-- boundary_changes). A ranking of provinces for year y is computed on this
-- set, never on whatever codes happen to have values: a 2025 value of a unit
-- absorbed on 1 July 2025 is not ranked beside the unit that absorbed it.
CREATE OR REPLACE MACRO provinces_in(y) AS TABLE
SELECT p.geo_code,
       coalesce((SELECT max(b.name_after) FROM boundary_changes b
                 WHERE b.geo_code = p.geo_code AND b.name_after IS NOT NULL
                   AND year(b.change_date) <= CAST(y AS INTEGER)), p.name) AS name
FROM places p
WHERE p.level = 'province'
  AND p.geo_code NOT IN (SELECT b.absorbed_geo FROM boundary_changes b
                         WHERE b.absorbed_geo IS NOT NULL AND year(b.change_date) <= CAST(y AS INTEGER))
ORDER BY p.geo_code;

COMMENT ON MACRO TABLE provinces_in IS 'provinces_in(y): the province-level units that exist in year y (63 for 2008–2024, 34 from 2025) with their names then (24 is Bắc Giang in 2024, Bắc Ninh in 2025): the set a ranking of provinces for year y is computed on.';
