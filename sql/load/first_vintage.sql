-- The vintage of the oldest value in the warehouse: before it, nothing was
-- known.
SELECT min(vintage) FROM observations;
