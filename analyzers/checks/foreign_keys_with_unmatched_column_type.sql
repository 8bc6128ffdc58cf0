-- name: foreign_keys_with_unmatched_column_type
-- severity: warning
-- needs: catalog
-- fix: alter_column_type
-- message: foreign key {constraint}: {column} is {type} but the key it references, {referenced_column}, is {referenced_type}: every check converts, and {column} cannot hold every key
-- A foreign key column whose type (or type modifier) differs from the column it
-- references: integer pointing at bigint, varchar(20) at text. PostgreSQL accepts it when
-- the types compare, but each check and join converts the values, an index on one side may
-- not serve the other, and the narrower side fails once the keys outgrow it.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(c.conname),
             quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)]
           AS objects,
       c.conname AS constraint,
       quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)
           AS column,
       format_type(a.atttypid, a.atttypmod) AS type,
       quote_ident(rn.nspname) || '.' || quote_ident(rt.relname) || '.' || quote_ident(ra.attname)
           AS referenced_column,
       format_type(ra.atttypid, ra.atttypmod) AS referenced_type,
       n.nspname AS fix_schema, t.relname AS fix_table, a.attname AS fix_column,
       format_type(ra.atttypid, ra.atttypmod) AS fix_type, NULL::text AS fix_using,
       NULL::int AS fix_max_length,
       'rewrites the table under an ACCESS EXCLUSIVE lock unless the types are binary '
       || 'compatible' AS fix_note
FROM pg_catalog.pg_constraint AS c
JOIN pg_catalog.pg_class AS t ON t.oid = c.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_class AS rt ON rt.oid = c.confrelid
JOIN pg_catalog.pg_namespace AS rn ON rn.oid = rt.relnamespace
JOIN LATERAL unnest(c.conkey, c.confkey) AS k(attnum, refnum) ON true
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
JOIN pg_catalog.pg_attribute AS ra ON ra.attrelid = c.confrelid AND ra.attnum = k.refnum
WHERE c.contype = 'f' AND c.conparentid = 0 AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
  AND (a.atttypid, a.atttypmod) IS DISTINCT FROM (ra.atttypid, ra.atttypmod)
ORDER BY 1, 3, 4;
