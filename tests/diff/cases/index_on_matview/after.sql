CREATE TABLE t (a int);
CREATE MATERIALIZED VIEW totals AS SELECT a, count(*) AS n FROM t GROUP BY a;
CREATE UNIQUE INDEX totals_a_key ON totals (a);
