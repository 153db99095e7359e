-- Record the duplicates found by duplicates.sql as rejected rows. The row
-- went into observations already parsed, so what is kept is its parsed
-- form: the series code without the source prefix, the place code, the
-- period as a label ParsePeriod reads back ("2023", "2023-Q2", "2023-06"),
-- the value, and its cell (origin) as the locator. RETURNING says which had
-- no value, for the missing count.
-- {{dups}} is a name the loader generates.
-- $1 run_id, $2 payload_id, $3 source_name, $4 file
INSERT INTO rejected_rows
SELECT $1, $2, $3, $4, NULL, NULL, NULL, o.origin,
       s.code, o.geo_code, s.period,
       CASE WHEN o.value = trunc(o.value) AND abs(o.value) < 1e15
            THEN CAST(CAST(o.value AS BIGINT) AS VARCHAR) ELSE CAST(o.value AS VARCHAR) END,
       'duplicate: series ' || s.code || ', geography ' || coalesce(o.geo_code, '')
           || ', period ' || s.period || ' appears earlier in this payload (' || coalesce(d.first_at, '') || ')',
       'duplicate'
FROM observations AS o
JOIN {{dups}} AS d ON o.rowid = d.rid
CROSS JOIN LATERAL (
    SELECT substr(o.series_id, length($3) + 2) AS code,
           CASE o.period_kind
               WHEN 'year' THEN strftime(o.period_start, '%Y')
               WHEN 'half' THEN strftime(o.period_start, '%Y') || '-S' || CAST((month(o.period_start) + 5) // 6 AS VARCHAR)
               WHEN 'quarter' THEN strftime(o.period_start, '%Y') || '-Q' || CAST(quarter(o.period_start) AS VARCHAR)
               WHEN 'month' THEN strftime(o.period_start, '%Y-%m')
               WHEN 'day' THEN strftime(o.period_start, '%Y-%m-%d')
               ELSE strftime(o.period_start, '%Y-%m-%d') || '/' || strftime(o.period_end, '%Y-%m-%d')
           END AS period
) AS s
WHERE o.payload_id = $2
RETURNING raw_value IS NULL AS missing;
