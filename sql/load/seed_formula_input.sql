-- One input of a KPI's formula: the KPI, the input's role and its indicator.
INSERT INTO kpi_formula_inputs (kpi_code, role, input_code) VALUES (?, ?, ?);
