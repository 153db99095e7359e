-- Reference data compiled into the binary (transform/plan/agencies.tsv),
-- one agency a statement; the seeding replaces the table on every open.
INSERT INTO agencies VALUES (?, ?, ?, ?);
