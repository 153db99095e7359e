-- A run still marked running when the warehouse is opened for writing was
-- killed: its transaction never committed, so only its history row remains.
UPDATE etl_runs SET status = 'interrupted', finished_at = NULL,
       message = 'the process ended before the run finished; nothing it read was loaded'
WHERE status = 'running';
