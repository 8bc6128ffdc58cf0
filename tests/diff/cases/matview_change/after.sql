CREATE TABLE t (a int);
CREATE MATERIALIZED VIEW totals AS SELECT a, count(*) AS n, max(a) AS top FROM t GROUP BY a;
