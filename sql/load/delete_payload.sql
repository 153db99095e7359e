-- Take back the rows of a payload whose stream failed after some of them
-- were inserted: a file found corrupt midway loads nothing. $1 payload_id
DELETE FROM observations WHERE payload_id = $1;
