-- The bookkeeping of the numbered migrations in sql/schema, created before
-- the first of them runs.
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL, chitieu_version VARCHAR);
