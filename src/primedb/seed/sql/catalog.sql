-- What the seed reads from the catalog to load fast and leave the schema as it was.
--
-- Relations are given as bigint[] of oids (the seeded tables and every partition under
-- them); names come back split into schema and name, for psycopg.sql.

-- name: seed_missing_tables
-- The given table names that do not resolve to a relation (search_path rules).
SELECT name FROM unnest(%(tables)s::text[]) AS t(name)
WHERE pg_catalog.to_regclass(name) IS NULL
ORDER BY name;

-- name: seed_relations
-- Each given table and every partition below it, with its depth, its kind, the
-- given table it belongs to (pg_partition_tree has no row for a table that is
-- not partitioned) and its storage parameters (reloptions, in their order).
SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name,
       coalesce(tree.level, 0) AS level, c.relkind = 'p' AS partitioned, t.name AS root,
       c.reloptions AS options
FROM unnest(%(tables)s::text[]) AS t(name)
LEFT JOIN LATERAL pg_catalog.pg_partition_tree(pg_catalog.to_regclass(t.name)) AS tree ON true
JOIN pg_catalog.pg_class c ON c.oid = coalesce(tree.relid, pg_catalog.to_regclass(t.name))
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
ORDER BY 4, n.nspname, c.relname;

-- name: seed_pinned_relations
-- Relations with a deferrable trigger that fires on INSERT: their events wait
-- for the commit, and PostgreSQL refuses to alter a table with pending events,
-- so their indexes stay in place while loading.
SELECT DISTINCT t.tgrelid::oid AS oid
FROM pg_catalog.pg_trigger t
WHERE t.tgrelid = ANY(%(relations)s::bigint[]) AND t.tgdeferrable AND (t.tgtype::int & 4) <> 0;

-- name: seed_foreign_keys
-- Top-level foreign keys from or to the relations (partition clones follow their
-- parent), with the table they reference and the unique index they rely on.
SELECT n.nspname AS schema, r.relname AS table_name, c.conname AS name,
       pg_catalog.pg_get_constraintdef(c.oid) AS definition,
       pg_catalog.obj_description(c.oid, 'pg_constraint') AS comment,
       c.conrelid::bigint AS table_oid, c.confrelid::bigint AS referenced_oid,
       fn.nspname AS referenced_schema, f.relname AS referenced_table,
       c.conindid::bigint AS index_oid
FROM pg_catalog.pg_constraint c
JOIN pg_catalog.pg_class r ON r.oid = c.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
JOIN pg_catalog.pg_class f ON f.oid = c.confrelid
JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
WHERE c.contype = 'f' AND c.conparentid = 0
  AND (c.conrelid = ANY(%(relations)s::bigint[]) OR c.confrelid = ANY(%(relations)s::bigint[]))
ORDER BY n.nspname, r.relname, c.conname;

-- name: seed_indexes
-- Every index of the relations, at every partition level: its definition, the
-- constraint it backs (primary key, unique, exclusion), the partitioned index
-- it is attached to, its comments, and whether it has a property that
-- pg_get_indexdef does not carry (then it is never dropped).
SELECT i.indexrelid::bigint AS oid, n.nspname AS schema, t.relname AS table_name,
       ic.relname AS name, t.oid::bigint AS table_oid,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
       k.conname AS constraint_name,
       pg_catalog.pg_get_constraintdef(k.oid) AS constraint_definition,
       h.inhparent::bigint AS parent_oid,
       pg_catalog.obj_description(i.indexrelid, 'pg_class') AS comment,
       pg_catalog.obj_description(k.oid, 'pg_constraint') AS constraint_comment,
       (ic.reltablespace <> 0 OR i.indisclustered OR i.indisreplident OR NOT i.indisvalid
        OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = i.indexrelid AND a.attstattarget > 0)) AS unusual
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
LEFT JOIN pg_catalog.pg_constraint k
  ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')
LEFT JOIN pg_catalog.pg_inherits h ON h.inhrelid = i.indexrelid
WHERE i.indrelid = ANY(%(relations)s::bigint[])
ORDER BY n.nspname, t.relname, ic.relname;

-- name: seed_partition_key
-- The key column of a table partitioned by range on one timestamptz column
-- (no row for any other kind of table: the server routes those rows).
SELECT a.attname AS key
FROM pg_catalog.pg_partitioned_table p
JOIN pg_catalog.pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
WHERE p.partrelid = pg_catalog.to_regclass(%(table)s) AND p.partstrat = 'r' AND p.partnatts = 1
  AND a.atttypid = 'pg_catalog.timestamptz'::pg_catalog.regtype;

-- name: seed_partitions
-- The partitions of a table partitioned by range on one timestamptz column,
-- bounds in microseconds since 2000-01-01 UTC (NULL for MINVALUE/MAXVALUE).
-- The bound literals carry their UTC offset, so the casts are exact in any TimeZone.
SELECT n.nspname AS schema, c.relname AS name, c.relkind = 'p' AS partitioned,
       b.bound = 'DEFAULT' AS is_default,
       ((extract(epoch FROM substring(b.bound FROM 'FROM \(''([^'']+)''\)')::timestamptz)
         - 946684800) * 1000000)::bigint AS lower_us,
       ((extract(epoch FROM substring(b.bound FROM 'TO \(''([^'']+)''\)')::timestamptz)
         - 946684800) * 1000000)::bigint AS upper_us
FROM pg_catalog.pg_inherits i
JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (SELECT pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound) AS b
WHERE i.inhparent = pg_catalog.to_regclass(%(table)s)
ORDER BY lower_us NULLS FIRST, c.relname;

-- name: seed_identity_sequences
-- The identity sequences of the relations (a failed seed puts their state back:
-- a rollback does not undo setval).
SELECT n.nspname AS schema, s.relname AS name
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace
WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'i'
  AND d.refobjid = ANY(%(relations)s::bigint[])
ORDER BY 1, 2;

-- name: seed_truncate_triggers
-- The enabled triggers that fire on TRUNCATE of the relations (guards that keep
-- records), with how each is enabled (O origin, R replica, A always).
SELECT n.nspname AS schema, c.relname AS table_name, t.tgname AS name, t.tgenabled AS enabled
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE t.tgrelid = ANY(%(relations)s::bigint[]) AND NOT t.tgisinternal
  AND t.tgenabled <> 'D' AND (t.tgtype::int & 32) <> 0
ORDER BY 1, 2, 3;

-- name: seed_set_sequence
-- Puts a sequence back where it was.
SELECT pg_catalog.setval(pg_catalog.quote_ident(%(schema)s) || '.' || pg_catalog.quote_ident(%(name)s),
                         %(last_value)s, %(is_called)s);

-- name: seed_set_identity
-- Moves the identity sequence of table.id past the loaded ids (no row when there is none).
SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(%(table)s, 'id'), %(last_id)s)
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = pg_catalog.to_regclass(%(table)s) AND a.attname = 'id' AND a.attidentity <> '';

-- name: seed_index_tree
-- The indexes below a partitioned index (itself excluded), with their tables.
SELECT n.nspname AS schema, c.relname AS name, i.indrelid::bigint AS table_oid
FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass(
       pg_catalog.quote_ident(%(schema)s) || '.' || pg_catalog.quote_ident(%(index)s))) AS tree
JOIN pg_catalog.pg_class c ON c.oid = tree.relid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_index i ON i.indexrelid = tree.relid
WHERE tree.level > 0;
