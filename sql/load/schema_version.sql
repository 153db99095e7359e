-- The highest migration applied to the warehouse.
SELECT max(version) FROM schema_migrations;
