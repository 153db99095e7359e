-- The sources table for 'chitieu export', one file, for joins on the reader's
-- side.
SELECT * FROM sources ORDER BY payload_id;
