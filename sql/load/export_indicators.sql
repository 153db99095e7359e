-- The indicators table for 'chitieu export', one file, for joins on the reader's
-- side.
SELECT * FROM indicators ORDER BY code;
