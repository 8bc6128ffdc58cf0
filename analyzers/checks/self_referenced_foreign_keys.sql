-- name: self_referenced_foreign_keys
-- severity: info
-- needs: catalog
-- fix: none
-- message: foreign key {constraint} ({columns:list}) points {table_name} at itself: deleting a row checks (or cascades through) the table row by row, and loads must insert parents first
-- A foreign key from a table to itself (a tree: parent_id -> id). It works, but each
-- delete looks up children in the same table, a cascade walks the tree one level per
-- trigger call, bulk loads must order parents before children (or defer the constraint),
-- and queries need recursive CTEs. Worth knowing, and its column needs an index
-- (foreign_keys_without_index checks that).
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.'
             || quote_ident(c.conname)] AS objects,
       c.conname AS constraint,
       ARRAY(
               SELECT a.attname::text
               FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
               JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
               ORDER BY k.position
           ) AS columns,
       pg_get_constraintdef(c.oid) AS definition
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
  AND c.confrelid = c.conrelid
ORDER BY 1, 3;
