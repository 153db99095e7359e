-- How many payloads in the warehouse are sample data, so a report says so
-- even when none of them is known at its review date.
SELECT count(*) FILTER (WHERE is_sample) FROM sources WHERE status = 'loaded'
