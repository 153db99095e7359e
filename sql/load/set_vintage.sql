-- Give a just-inserted payload the vintage its decoder reported only after
-- its first rows. $1 vintage, $2 payload_id
UPDATE observations SET vintage = $1 WHERE payload_id = $2;
