-- The targets table for 'chitieu export', one file, for joins on the reader's
-- side: every plan's targets and their amendments.
SELECT * FROM targets ORDER BY plan_id, kpi_no, kpi_code, horizon_year, in_force_from;
