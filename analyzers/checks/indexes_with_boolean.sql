-- name: indexes_with_boolean
-- severity: warning
-- needs: catalog
-- fix: none
-- message: {index} leads with boolean column {column}: two values cannot narrow a search; index the rows of the value queried instead (WHERE {column}, or WHERE NOT {column}), as a partial index
-- A B-tree index whose first key is a boolean column. A boolean splits a table in two:
-- as the leading key it narrows nothing unless one value is rare, and then a partial index
-- on that value (`WHERE NOT archived`) is smaller and serves the same queries. A boolean
-- after an equality key, as in `(user_id, read, created_at)`, is fine and not reported.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(ic.relname)] AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS index,
       a.attname AS column,
       pg_get_indexdef(i.indexrelid) AS definition,
       pg_relation_size(i.indexrelid) AS size_bytes
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam AND am.amname = 'btree'
JOIN pg_catalog.pg_class AS t ON t.oid = i.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
WHERE a.atttypid = 'pg_catalog.bool'::regtype AND i.indisvalid AND NOT ic.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
