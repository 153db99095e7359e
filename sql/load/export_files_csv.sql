-- Rows per file of an exported CSV table, read back from the files
-- themselves so the manifest's counts are what a reader will find. $1: glob.
SELECT filename, count(*) AS n
FROM read_csv($1, filename = true, hive_partitioning = false, header = true, all_varchar = true)
GROUP BY filename
