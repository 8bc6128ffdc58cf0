CREATE TABLE t (a int);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 90);
