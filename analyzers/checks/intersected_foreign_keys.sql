-- name: intersected_foreign_keys
-- severity: warning
-- needs: catalog
-- fix: none
-- message: foreign keys {constraint} ({columns:list}) and {other} ({other_columns:list}) of {table_name} both point at {referenced} over overlapping columns: one of them is likely redundant, or points at the wrong key
-- Two foreign keys of one table to the same table whose columns overlap without being the
-- same set: (a) and (a, b), say, both to one referenced table. Usually the wider key was
-- added later and the narrower one is left over, or one of them targets a key it did not
-- mean to; each is checked on every write. Keys to different tables sharing a column, as
-- the tenant column of composite keys, are not reported.
WITH fk AS (
    SELECT c.oid, c.conname, c.conrelid, c.confrelid, t.relname, n.nspname, c.conkey,
           ARRAY(
               SELECT a.attname::text
               FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
               JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
               ORDER BY k.position
           ) AS columns
    FROM pg_catalog.pg_constraint AS c
    JOIN pg_catalog.pg_class AS t ON t.oid = c.conrelid
    JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND c.conparentid = 0 AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
)
SELECT quote_ident(a.nspname) || '.' || quote_ident(a.relname) AS table_name,
       ARRAY[quote_ident(a.nspname) || '.' || quote_ident(a.relname) || '.' || quote_ident(a.conname),
             quote_ident(a.nspname) || '.' || quote_ident(a.relname) || '.' || quote_ident(b.conname)]
           AS objects,
       a.conname AS constraint,
       a.columns,
       b.conname AS other,
       b.columns AS other_columns,
       quote_ident(rn.nspname) || '.' || quote_ident(rt.relname) AS referenced
FROM fk AS a
JOIN fk AS b
  ON b.conrelid = a.conrelid AND b.confrelid = a.confrelid AND b.conname > a.conname
 AND b.conkey && a.conkey AND NOT (b.conkey @> a.conkey AND b.conkey <@ a.conkey)
JOIN pg_catalog.pg_class AS rt ON rt.oid = a.confrelid
JOIN pg_catalog.pg_namespace AS rn ON rn.oid = rt.relnamespace
ORDER BY 1, 3, 5;
