-- What did not load, and why: rejected rows by source and reason, with an example cell.
SELECT source_name, reason, count(*) AS rows,
       any_value(file || ' [' || coalesce(sheet, '') || '] ' || coalesce(col, '') || coalesce(CAST(row_no AS VARCHAR), '')) AS example
FROM rejected_rows
GROUP BY ALL
ORDER BY rows DESC;
