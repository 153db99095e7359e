-- The vintage of the oldest value in the warehouse: before it nothing was
-- known, which 'chitieu kpi --as-of' says rather than print rows of no_data
-- alone.
SELECT min(vintage) FROM observations;
