-- Every review of every plan, "name (plan id)", for an error that lists them.
SELECT r.review || ' (' || r.plan_id || ')' FROM plan_reviews r JOIN plans p ON p.plan_id = r.plan_id
ORDER BY p.issued_on, r.year;
