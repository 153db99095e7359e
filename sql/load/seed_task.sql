-- One task of a plan's tasks.tsv. The coordinating agencies come as one
-- comma-separated string, twice (empty: none).
INSERT INTO plan_tasks VALUES (?, ?, ?, ?,
    CASE WHEN ? = '' THEN []::VARCHAR[] ELSE string_split(?, ',') END, ?, ?, ?, ?, ?, ?, ?, ?, ?);
