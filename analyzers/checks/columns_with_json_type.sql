-- name: columns_with_json_type
-- severity: warning
-- needs: catalog
-- fix: alter_column_type
-- message: {column} is json: each read parses the text again, it cannot be indexed by GIN nor compared; use jsonb
-- A column of type json. json keeps the text as written and parses it on every access; it
-- has no equality operator (so no DISTINCT, GROUP BY or unique index) and no GIN index
-- support for @> and ?. jsonb stores the parsed value: faster to read, indexable. Keep json
-- only where the exact text (key order, duplicate keys, whitespace) must survive.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)]
           AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)
           AS column,
       format_type(a.atttypid, a.atttypmod) AS type,
       n.nspname AS fix_schema, t.relname AS fix_table, a.attname AS fix_column,
       'jsonb' AS fix_type, '{column}::jsonb' AS fix_using, NULL::int AS fix_max_length,
       'rewrites the table under an ACCESS EXCLUSIVE lock; jsonb drops duplicate keys, '
       || 'key order and whitespace' AS fix_note
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS t ON t.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE a.atttypid = 'pg_catalog.json'::regtype
  AND a.attnum > 0 AND NOT a.attisdropped
  AND t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
