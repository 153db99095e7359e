-- One review a plan foresees (its folder's reviews.tsv); as_of NULL: the
-- data known when the report is made.
INSERT INTO plan_reviews (plan_id, review, year, as_of, title_vi, title_en) VALUES (?, ?, ?, ?, ?, ?);
