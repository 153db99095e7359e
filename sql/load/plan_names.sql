-- The plans, as "id (number)", for an error that names the known ones.
SELECT plan_id || ' (' || number || ')' FROM plans ORDER BY issued_on;
