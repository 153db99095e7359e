-- Copy one payload's normalised rows out of the registered Arrow view into a
-- connection-local staging table. {{stage}} and {{view}} are names the loader
-- generates; they never come from input.
CREATE TEMP TABLE {{stage}} AS SELECT * FROM {{view}};
