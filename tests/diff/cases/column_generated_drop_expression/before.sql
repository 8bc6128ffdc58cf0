CREATE TABLE t (a int, total int GENERATED ALWAYS AS (a * 2) STORED);
