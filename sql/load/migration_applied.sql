-- A migration has run: version, name, when, and the chitieu that ran it.
INSERT INTO schema_migrations VALUES (?, ?, ?, ?);
