-- name: indexes_with_null_values
-- severity: info
-- needs: catalog
-- fix: rebuild_index
-- message: {index} leads with nullable column {column} and no predicate excludes its NULLs: it stores an entry for every row where {column} is NULL{msg_null_share}
-- A B-tree index (not unique) whose first key is a column that allows NULL, with no
-- predicate on that column. Queries rarely search the NULLs of a nullable column (a foreign
-- key lookup never does), yet the index holds an entry for each: on a mostly-NULL column
-- most of the index is dead weight. A partial index `WHERE column IS NOT NULL` keeps only
-- the rows searched. On a live database the evidence gives the column's NULL fraction
-- (pg_stats.null_frac).
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(ic.relname)] AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS index,
       a.attname AS column,
       pg_get_indexdef(i.indexrelid) AS definition,
       st.null_frac,
       CASE WHEN st.null_frac IS NOT NULL
            THEN ' (' || round(st.null_frac::numeric * 100) || '%% of rows by pg_stats)'
            ELSE '' END AS msg_null_share,
       pg_relation_size(i.indexrelid) AS size_bytes,
       n.nspname AS fix_schema, ic.relname AS fix_index, ic.relkind = 'I' AS fix_partitioned,
       CASE WHEN i.indpred IS NULL
            THEN pg_get_indexdef(i.indexrelid) || ' WHERE (' || quote_ident(a.attname)
                 || ' IS NOT NULL)' END AS fix_definition
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam AND am.amname = 'btree'
JOIN pg_catalog.pg_class AS t ON t.oid = i.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
LEFT JOIN LATERAL (
    SELECT s.null_frac FROM pg_catalog.pg_stats AS s
    WHERE s.schemaname = n.nspname AND s.tablename = t.relname AND s.attname = a.attname
    ORDER BY s.inherited DESC LIMIT 1
) AS st ON true
WHERE NOT i.indisunique AND i.indisvalid AND NOT ic.relispartition AND NOT a.attnotnull
  AND (i.indpred IS NULL
       OR pg_get_expr(i.indpred, i.indrelid) !~ ('\m' || regexp_replace(quote_ident(a.attname),
                                                   '([^a-z0-9_])', '\\\1', 'g') || '\M'))
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
