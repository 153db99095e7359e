-- The commonest kinds of failure among one payload's rejected rows, with an
-- example reason of each: what the summary prints when a payload loaded
-- nothing.
-- $1 payload_id, $2 how many kinds
SELECT reason_code, count(*) AS n, min(reason) AS example
FROM rejected_rows
WHERE payload_id = $1
GROUP BY reason_code
ORDER BY n DESC, reason_code
LIMIT $2;
