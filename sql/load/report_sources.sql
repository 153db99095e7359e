-- The payloads behind a review report: every source whose value of a plan
-- indicator was the one in use at the review date ($1) — an older vintage
-- superseded by then is not a source of the report — with how many values
-- it gave and whether it is sample data.
SELECT s.payload_id, s.source_name, s.uri, s.vintage, s.fetched_at, s.is_sample,
       coalesce(s.publisher, '') AS publisher, coalesce(s.title, '') AS title,
       count(*) AS values_used
FROM indicator_values_as_of(CAST($1 AS TIMESTAMP)) o
JOIN sources s USING (payload_id)
GROUP BY ALL
ORDER BY s.vintage DESC, s.source_name, s.payload_id
