-- name: btree_indexes_on_array_columns
-- severity: warning
-- needs: catalog
-- fix: none
-- message: B-tree index {index} keys array column {column} ({type}): it answers only whole-array comparisons, never @>, <@ or &&, and a large array fails inserts; use a GIN index (USING gin ({column}))
-- A B-tree index with a key column of an array type. A B-tree orders whole arrays: it can
-- answer `=` and `<` on the array as a value but not the containment and overlap searches
-- arrays are queried with (`@>`, `<@`, `&&`, which GIN answers), and an entry larger than a
-- third of a page (about 2.7 kB) makes the insert fail.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(ic.relname)] AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS index,
       a.attname AS column,
       format_type(a.atttypid, a.atttypmod) AS type,
       pg_get_indexdef(i.indexrelid) AS definition
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam AND am.amname = 'btree'
JOIN pg_catalog.pg_class AS t ON t.oid = i.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
JOIN LATERAL unnest((string_to_array(i.indkey::text, ' ')::int2[])[1:i.indnkeyatts])
     AS k(attnum) ON true
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
JOIN pg_catalog.pg_type AS ty ON ty.oid = a.atttypid
WHERE ty.typcategory = 'A' AND i.indisvalid AND NOT ic.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3, 4;
