-- Each source name ever read: its last successful fetch (loaded, or fetched
-- and found unchanged), the newest vintage it loaded, and its latest attempt
-- with that attempt's outcome and error.
WITH ok AS (
    SELECT source_name,
           max(fetched_at) AS last_success,
           max(vintage) FILTER (WHERE status = 'loaded') AS vintage,
           bool_or(is_sample) AS is_sample
    FROM sources WHERE status IN ('loaded', 'unchanged')
    GROUP BY source_name
), latest AS (
    SELECT source_name, fetched_at AS last_attempt, status AS last_status, error AS last_error
    FROM sources
    QUALIFY row_number() OVER (PARTITION BY source_name ORDER BY payload_id DESC) = 1
)
SELECT latest.source_name, ok.last_success, ok.vintage, coalesce(ok.is_sample, false) AS is_sample,
       latest.last_attempt, latest.last_status, latest.last_error
FROM latest LEFT JOIN ok USING (source_name)
ORDER BY latest.source_name;
