-- The targets table for 'chitieu export', one file, for joins on the reader's
-- side.
SELECT * FROM targets ORDER BY kpi_code;
