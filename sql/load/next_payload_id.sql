-- A payload's number, taken before its rows are inserted: the rows carry it.
SELECT nextval('payload_id_seq');
