-- One place chitieu knows (transform.KnownPlaces): country, regions,
-- provinces, Hà Tây, districts.
INSERT INTO places VALUES (?, ?, ?, ?);
