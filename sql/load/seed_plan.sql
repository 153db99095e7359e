-- One plan's header (its folder's plan.tsv).
INSERT INTO plans (plan_id, number, title_vi, title_en, issuer, issued_on, first_year, last_year, baseline_year, geo_code, folder)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
