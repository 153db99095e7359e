-- Sources and vintages: every payload loaded, when it was published and fetched, how many values it holds, and whether it is sample data.
SELECT s.source_name, s.uri, s.vintage, s.fetched_at, s.is_sample, s.status,
       count(o.payload_id) AS observations,
       count(DISTINCT o.indicator_code) AS indicators,
       min(o.period_start) AS first_period, max(o.period_end) AS last_period
FROM sources s LEFT JOIN observations o USING (payload_id)
GROUP BY ALL
ORDER BY s.source_name, s.vintage DESC;
