-- name: duplicated_foreign_keys
-- severity: warning
-- needs: catalog
-- fix: drop_constraint
-- message: foreign key {constraint} duplicates {kept}: the same columns of {table_name} point at the same key of {referenced}, so every write checks the reference twice
-- Two foreign keys of one table over the same columns to the same columns of the same
-- table (pairs compared as sets, whatever their order and actions). Each is checked on
-- every insert and update of the table and every delete in the referenced one: the second
-- doubles that work and, if its actions differ, makes the outcome of a delete depend on
-- which trigger fires first. The one kept is the first by name.
WITH fk AS (
    SELECT c.oid, c.conname, c.conrelid, c.confrelid, t.relname, n.nspname,
           ARRAY(
               SELECT k.a::text || '>' || k.b::text
               FROM unnest(c.conkey, c.confkey) AS k(a, b)
               ORDER BY 1
           ) AS pairs
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
),
ranked AS (
    SELECT fk.*,
           row_number() OVER w AS position,
           first_value(fk.conname) OVER w AS kept
    FROM fk
    WINDOW w AS (PARTITION BY conrelid, confrelid, pairs ORDER BY conname)
)
SELECT quote_ident(r.nspname) || '.' || quote_ident(r.relname) AS table_name,
       ARRAY[quote_ident(r.nspname) || '.' || quote_ident(r.relname) || '.' || quote_ident(r.conname),
             quote_ident(r.nspname) || '.' || quote_ident(r.relname) || '.' || quote_ident(r.kept)]
           AS objects,
       r.conname AS constraint,
       r.kept,
       quote_ident(rn.nspname) || '.' || quote_ident(rt.relname) AS referenced,
       pg_get_constraintdef(r.oid) AS definition,
       r.nspname AS fix_schema, r.relname AS fix_table, r.conname AS fix_constraint
FROM ranked AS r
JOIN pg_catalog.pg_class AS rt ON rt.oid = r.confrelid
JOIN pg_catalog.pg_namespace AS rn ON rn.oid = rt.relnamespace
WHERE r.position > 1
ORDER BY 1, 3;
