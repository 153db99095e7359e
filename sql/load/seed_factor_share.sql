-- One labour share of transform/plan/factor_shares.tsv.
INSERT INTO factor_shares VALUES (?, ?, ?, ?);
