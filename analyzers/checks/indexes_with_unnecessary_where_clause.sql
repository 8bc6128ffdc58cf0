-- name: indexes_with_unnecessary_where_clause
-- severity: warning
-- needs: catalog
-- fix: rebuild_index
-- message: the predicate of {index} tests {column} IS NOT NULL, but {column} is NOT NULL: that test excludes nothing, and queries that do not repeat it cannot use the index
-- A partial index whose predicate says a NOT NULL column IS NOT NULL. The predicate
-- excludes no row, so the index is as large as without it; but the planner uses a partial
-- index only for queries whose WHERE implies its predicate, and it does not read NOT NULL
-- constraints for that: queries that do not say `column IS NOT NULL` cannot use it.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(ic.relname)] AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS index,
       a.attname AS column,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       pg_get_indexdef(i.indexrelid) AS definition,
       n.nspname AS fix_schema, ic.relname AS fix_index, ic.relkind = 'I' AS fix_partitioned,
       -- the rebuilt definition, when the predicate is that clause alone
       CASE WHEN pg_get_expr(i.indpred, i.indrelid) = '(' || quote_ident(a.attname) || ' IS NOT NULL)'
            THEN left(pg_get_indexdef(i.indexrelid),
                      -length(' WHERE (' || quote_ident(a.attname) || ' IS NOT NULL)')) END
           AS fix_definition
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class AS t ON t.oid = i.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum > 0 AND NOT a.attisdropped
WHERE i.indpred IS NOT NULL AND a.attnotnull AND i.indisvalid AND NOT ic.relispartition
  AND strpos(pg_get_expr(i.indpred, i.indrelid), '(' || quote_ident(a.attname) || ' IS NOT NULL)') > 0
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
