-- One definition change of transform/plan/definition_changes.tsv.
INSERT INTO definition_changes VALUES (?, ?, ?, ?, ?);
