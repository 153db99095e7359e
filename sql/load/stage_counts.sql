-- Rows of a staged payload: accepted and rejected.
SELECT count(*) FILTER (WHERE reject_reason IS NULL), count(*) FILTER (WHERE reject_reason IS NOT NULL)
FROM {{stage}};
