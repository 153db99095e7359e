-- One agency a plan names (its folder's agencies.tsv); an agency several
-- plans name is kept once, with the names the last seeded plan gives.
INSERT OR REPLACE INTO agencies VALUES (?, ?, ?, ?);
