-- When each job last ran to an end (succeeded, partial or failed). Runs left
-- running or interrupted (the process died) do not count, so a job whose run
-- was killed is caught up when the scheduler next starts.
SELECT job, max(started_at) AS last_started
FROM etl_runs
WHERE status IN ('succeeded', 'partial', 'failed')
GROUP BY job;
