-- Take the duplicates found by duplicates.sql out of observations, once
-- reject_duplicates.sql has recorded them. {{dups}} is a name the loader
-- generates. $1 payload_id
DELETE FROM observations
WHERE payload_id = $1 AND rowid IN (SELECT rid FROM {{dups}});
