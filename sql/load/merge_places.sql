-- Record the places a staged payload kept in its own scheme that the
-- warehouse does not know yet, with their labels. {{values}} is a list of
-- (geo_code, source_name, code, label, first_payload_id) parameter rows the
-- loader generates, a few hundred at a time.
INSERT INTO source_places
SELECT *
FROM (VALUES {{values}}) AS t(geo_code, source_name, code, label, first_payload_id)
WHERE NOT EXISTS (SELECT 1 FROM source_places s WHERE s.geo_code = t.geo_code);
