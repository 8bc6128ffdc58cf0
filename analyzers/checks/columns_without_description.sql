-- name: columns_without_description
-- severity: info
-- needs: catalog
-- fix: comment
-- message: {column} has no description (COMMENT ON COLUMN)
-- A column without a comment. Its name and type say what it holds only as far as they go:
-- the unit of an amount, the zone of a time, what NULL means, where a value comes from
-- belong in the comment, which travels with the schema.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)]
           AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)
           AS column,
       format_type(a.atttypid, a.atttypmod) AS type,
       'COLUMN' AS fix_object, n.nspname AS fix_schema, t.relname AS fix_table,
       a.attname AS fix_column
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS t ON t.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE NOT EXISTS (
      SELECT FROM pg_catalog.pg_description AS d
      WHERE d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = t.oid
        AND d.objsubid = a.attnum AND d.description <> ''
  )
  AND a.attnum > 0 AND NOT a.attisdropped
  AND t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
