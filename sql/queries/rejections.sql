-- What did not load, and why: rejected rows by source and kind of failure (reason_code), with an example reason and cell.
SELECT source_name, reason_code, count(*) AS rows, any_value(reason) AS example_reason,
       any_value(file || ' [' || coalesce(sheet, '') || '] ' || coalesce(col, '') || coalesce(CAST(row_no AS VARCHAR), '')) AS example
FROM rejected_rows
GROUP BY ALL
ORDER BY rows DESC;
