-- What the index advisor reads of a database: its tables, their columns and their indexes.
-- Partitions are not listed on their own: a partitioned table counts as one table, whose
-- rows, pages and index sizes add up its leaf partitions.

-- name: advice_tables
-- Ordinary and partitioned tables outside the system schemas, with rows and pages over
-- their leaf partitions, and their direct partitions (for building an index online).
SELECT n.nspname AS schema, c.relname AS name, c.relkind = 'p' AS partitioned,
       COALESCE(leaf.rows, 0)::float8 AS rows, COALESCE(leaf.pages, 0)::bigint AS pages,
       ARRAY(
           SELECT p.relname
           FROM pg_catalog.pg_inherits h
           JOIN pg_catalog.pg_class p ON p.oid = h.inhrelid
           WHERE h.inhparent = c.oid
           ORDER BY p.relname
       ) AS partitions,
       pg_catalog.array_position(pg_catalog.current_schemas(false), n.nspname) AS search_order,
       EXISTS (  -- a BEFORE UPDATE row trigger (tgtype ROW 1 + BEFORE 2 + UPDATE 16)
           SELECT 1 FROM pg_catalog.pg_trigger g
           WHERE g.tgrelid = c.oid AND NOT g.tgisinternal AND g.tgtype & 19 = 19
       ) AS before_update_trigger
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (
    SELECT sum(GREATEST(p.reltuples, 0)) AS rows, sum(p.relpages) AS pages
    FROM pg_catalog.pg_class p
    WHERE p.oid = c.oid AND c.relkind = 'r'
       OR p.oid IN (SELECT t.relid FROM pg_catalog.pg_partition_tree(c.oid) AS t WHERE t.isleaf)
) AS leaf
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1, 2;

-- name: advice_columns
-- The columns of those tables, with their average width and distinct values from pg_stats
-- (the parent's inherited statistics for a partitioned table).
SELECT n.nspname AS schema, c.relname AS table, a.attname AS name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       COALESCE(s.avg_width, CASE WHEN a.attlen > 0 THEN a.attlen ELSE 32 END) AS width,
       s.n_distinct AS n_distinct
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stats s
  ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
 AND s.inherited = (c.relkind = 'p')
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1, 2, a.attnum;

-- name: advice_indexes
-- The indexes of those tables: keys as pg_get_indexdef writes them, then the INCLUDE
-- columns; indoption bit 1 is DESC, bit 2 NULLS FIRST; the constraint each one backs.
SELECT n.nspname AS schema, t.relname AS table, i.relname AS name, am.amname AS method,
       x.indisunique AS is_unique, x.indisvalid AS valid, x.indnkeyatts AS key_count,
       ARRAY(
           SELECT pg_catalog.pg_get_indexdef(x.indexrelid, k, true)
           FROM pg_catalog.generate_series(1, x.indnatts) AS k
           ORDER BY k
       ) AS columns,
       ARRAY(
           SELECT x.indoption[k - 1]::int
           FROM pg_catalog.generate_series(1, x.indnkeyatts) AS k
           ORDER BY k
       ) AS options,
       pg_catalog.pg_get_expr(x.indpred, x.indrelid, true) AS predicate,
       con.conname AS constraint_name,
       CASE WHEN i.relkind = 'I' THEN (
           SELECT COALESCE(sum(pg_catalog.pg_relation_size(p.relid)), 0)
           FROM pg_catalog.pg_partition_tree(x.indexrelid) AS p
       ) ELSE pg_catalog.pg_relation_size(x.indexrelid) END::bigint AS size_bytes
FROM pg_catalog.pg_index x
JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = i.relam
LEFT JOIN pg_catalog.pg_constraint con
  ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')
WHERE t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1, 2, 3;

-- name: database_comment
-- The comment of the current database: `primedb: copy` marks a copy the advisor may build in.
SELECT pg_catalog.shobj_description(d.oid, 'pg_database') AS comment
FROM pg_catalog.pg_database d
WHERE d.datname = pg_catalog.current_database();
