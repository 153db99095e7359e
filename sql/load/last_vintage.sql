-- The newest vintage a source has loaded, to keep fetch-time vintages in
-- order when the clock goes back. $1 source_name
SELECT max(vintage) FROM sources WHERE source_name = $1 AND status = 'loaded';
