CREATE TABLE t (a int, b int, total int GENERATED ALWAYS AS (a * b) STORED);
CREATE INDEX t_total_idx ON t (total);
