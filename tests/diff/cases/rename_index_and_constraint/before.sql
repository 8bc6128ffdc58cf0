CREATE TABLE t (a int, b int, CONSTRAINT t_b_check CHECK (b > 0));
CREATE INDEX t_a ON t (a);
