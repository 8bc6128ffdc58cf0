-- name: constraints
-- Table constraints (primary key, unique, check, foreign key, exclusion)
-- declared on the table itself: the copies PostgreSQL makes on partitions
-- (conparentid <> 0) and the CHECKs a partition or an inheritance child takes
-- from its parent (coninhcount > 0, merged with one of its own or not) are
-- implied by the parent's.
-- Constraint triggers (contype 't') are read as triggers.
SELECT n.nspname AS schema, c.relname AS relation, k.conname AS name, k.contype AS kind,
       pg_catalog.pg_get_constraintdef(k.oid) AS definition,
       ARRAY(SELECT a.attname
             FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_catalog.pg_attribute AS a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
             ORDER BY u.ord) AS columns,
       k.convalidated AS validated, k.condeferrable AS deferrable,
       k.condeferred AS initially_deferred, k.connoinherit AS no_inherit,
       CASE WHEN k.contype = 'f' THEN ARRAY[rn.nspname, r.relname] END AS references_table,
       ARRAY(SELECT a.attname
             FROM pg_catalog.unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_catalog.pg_attribute AS a ON a.attrelid = k.confrelid AND a.attnum = u.attnum
             ORDER BY u.ord) AS referenced_columns,
       k.confupdtype AS on_update, k.confdeltype AS on_delete, k.confmatchtype AS match_type,
       ARRAY(SELECT a.attname
             FROM pg_catalog.unnest(k.confdelsetcols) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_catalog.pg_attribute AS a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
             ORDER BY u.ord) AS on_delete_columns,
       CASE WHEN k.contype IN ('p', 'u', 'x') THEN i.relname END AS index_name,
       pg_catalog.obj_description(k.oid, 'pg_constraint') AS comment
FROM pg_catalog.pg_constraint AS k
JOIN pg_catalog.pg_class AS c ON c.oid = k.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class AS r ON r.oid = k.confrelid
LEFT JOIN pg_catalog.pg_namespace AS rn ON rn.oid = r.relnamespace
LEFT JOIN pg_catalog.pg_class AS i ON i.oid = k.conindid
WHERE k.contype IN ('p', 'u', 'c', 'f', 'x') AND k.conparentid = 0 AND k.conislocal
  AND k.coninhcount = 0
  AND c.relkind IN ('r', 'p')
  AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname, k.conname;
