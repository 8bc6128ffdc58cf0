-- name: table_rows
-- Estimated rows of each user table, from the planner's statistics: a
-- partitioned table counts its leaf partitions. A table never analyzed or
-- vacuumed (reltuples = -1), or with such a partition, is left out: its rows
-- are not known, and the diff then assumes it has some.
WITH tables AS (
  SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind, c.reltuples
  FROM pg_catalog.pg_class AS c
  JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
), estimates AS (
  SELECT t.schema, t.name,
         CASE WHEN t.relkind = 'r' THEN nullif(t.reltuples, -1)
         ELSE (SELECT CASE WHEN bool_and(l.reltuples >= 0) THEN sum(l.reltuples) END
               FROM pg_catalog.pg_partition_tree(t.oid) AS p
               JOIN pg_catalog.pg_class AS l ON l.oid = p.relid
               WHERE p.isleaf)
         END AS estimate
  FROM tables AS t
)
SELECT e.schema, e.name, e.estimate::bigint AS estimate
FROM estimates AS e
WHERE e.estimate IS NOT NULL
ORDER BY 1, 2;
