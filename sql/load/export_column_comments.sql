-- The COMMENT ON text of each column of an exported table, written beside
-- the export so its files say what every column means.
SELECT column_name, coalesce(comment, '') FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ?;
