-- Revisions since the mid-term review: each KPI's value as known at the end of 2023 beside the value known now.
SELECT n.kpi_no, n.kpi_code, n.year,
       round(m.actual, 2) AS actual_2023_review, round(n.actual, 2) AS actual_now,
       m.status AS status_2023_review, n.status AS status_now
FROM kpi_status n
LEFT JOIN kpi_status_as_of(TIMESTAMP '2023-12-31 23:59:59') m USING (kpi_code, year)
WHERE n.year <= 2023 AND (n.actual IS NOT NULL OR m.actual IS NOT NULL)
ORDER BY n.kpi_no, n.kpi_code, n.year;
