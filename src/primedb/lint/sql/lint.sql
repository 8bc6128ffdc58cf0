-- name: lint_relation_size
-- Rows and bytes of a table, an index or a materialized view, summed over the leaf
-- partitions of a partitioned one. reltuples is -1 for a table never vacuumed or analyzed: its size on disk tells then.
SELECT c.relkind::text AS relkind,
       coalesce(sum(greatest(l.reltuples, 0)), 0)::float8 AS tuples,
       coalesce(bool_or(l.reltuples < 0), false) AS never_analyzed,
       coalesce(sum(pg_catalog.pg_relation_size(l.oid)), 0)::bigint AS bytes
FROM pg_catalog.pg_class AS c
LEFT JOIN pg_catalog.pg_partition_tree(c.oid) AS t ON t.isleaf
LEFT JOIN pg_catalog.pg_class AS l ON l.oid = coalesce(t.relid, c.oid)
WHERE c.oid = pg_catalog.to_regclass(%(name)s)
GROUP BY c.relkind;

-- name: lint_column_type
-- The current type of a column, as format_type writes it.
SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_name
FROM pg_catalog.pg_attribute AS a
WHERE a.attrelid = pg_catalog.to_regclass(%(table)s) AND a.attname = %(column)s
  AND a.attnum > 0 AND NOT a.attisdropped;

-- name: lint_not_null_check
-- Whether a validated CHECK (column IS NOT NULL) exists: SET NOT NULL then skips its scan.
SELECT count(*) > 0 AS found
FROM pg_catalog.pg_constraint AS k
WHERE k.conrelid = pg_catalog.to_regclass(%(table)s) AND k.contype = 'c' AND k.convalidated
  AND pg_catalog.pg_get_constraintdef(k.oid)
      = 'CHECK ((' || pg_catalog.quote_ident(%(column)s) || ' IS NOT NULL))';

-- name: lint_function_volatility
-- The volatility of every function of that name ('i', 's' or 'v').
SELECT p.provolatile::text AS volatility
FROM pg_catalog.pg_proc AS p
WHERE p.proname = %(name)s;

-- name: lint_function_exists
-- Whether a function or procedure of that name exists: in that schema, or (no schema
-- given) visible on the search path.
SELECT count(*) > 0 AS found
FROM pg_catalog.pg_proc AS p
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
WHERE p.proname = %(name)s
  AND CASE WHEN %(schema)s = '' THEN pg_catalog.pg_function_is_visible(p.oid)
           ELSE n.nspname = %(schema)s END;
