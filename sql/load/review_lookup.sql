-- The review a report is for: $1 its name (midterm-2023), $2 the plan's id
-- or number ('' = any plan that has a review of that name), with the
-- plan's number, date, years and issuer. as_of NULL: the data known when
-- the report is made.
SELECT r.plan_id, p.number, p.issued_on, coalesce(a.name_vi, p.issuer), r.review, r.year, r.as_of,
       r.title_vi, coalesce(r.title_en, ''), p.first_year, p.baseline_year, p.last_year
FROM plan_reviews r JOIN plans p ON p.plan_id = r.plan_id
LEFT JOIN agencies a ON a.code = p.issuer
WHERE r.review = $1 AND ($2 = '' OR plan_named(p.plan_id, p.number, $2))
ORDER BY p.issued_on;
