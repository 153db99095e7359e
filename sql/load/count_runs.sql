-- A read that proves a copy of the warehouse is one (the snapshot check).
SELECT count(*) FROM etl_runs;
