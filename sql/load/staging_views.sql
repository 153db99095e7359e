-- Arrow staging views a killed process left behind (their names start with
-- the staging prefix, the parameter): they point at freed memory.
SELECT view_name FROM duckdb_views() WHERE NOT internal AND starts_with(view_name, ?);
