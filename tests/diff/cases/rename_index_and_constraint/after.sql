CREATE TABLE t (a int, b int,
    -- primedb: renamed from t_b_check
    CONSTRAINT t_b_positive CHECK (b > 0));
-- primedb: renamed from t_a
CREATE INDEX t_a_idx ON t (a);
