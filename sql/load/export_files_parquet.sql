-- Rows per file of an exported Parquet table, read back from the files
-- themselves so the manifest's counts are what a reader will find. $1: glob.
SELECT filename, count(*) AS n
FROM read_parquet($1, filename = true, hive_partitioning = false)
GROUP BY filename
