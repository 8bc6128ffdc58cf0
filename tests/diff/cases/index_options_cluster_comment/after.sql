CREATE TABLE t (a int);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 60);
ALTER TABLE t CLUSTER ON t_a_idx;
COMMENT ON INDEX t_a_idx IS 'by a';
