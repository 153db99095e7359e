-- The kpi_formula_inputs table for 'chitieu export', one file: each KPI's
-- formula inputs by role (the kind is indicators.formula_kind).
SELECT * FROM kpi_formula_inputs ORDER BY kpi_code, role, input_code;
