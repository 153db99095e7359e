-- One KPI parameter of transform/plan/parameters.tsv.
INSERT INTO kpi_parameters VALUES (?, ?, ?, ?, ?);
