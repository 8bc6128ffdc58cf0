-- name: columns_with_money_type
-- severity: warning
-- needs: catalog
-- fix: alter_column_type
-- message: {column} is money: its scale and currency come from the server's lc_monetary, so a dump restored elsewhere reads other amounts; use numeric (or bigint cents)
-- A column of type money. Its fractional digits and its input and output format follow
-- the lc_monetary setting of the server, so the same value reads differently, or fails to
-- load, on a server set up otherwise; it holds no currency and rounds in division. numeric
-- (or bigint cents, with the currency in a column of its own) is exact and portable.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)]
           AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)
           AS column,
       format_type(a.atttypid, a.atttypmod) AS type,
       n.nspname AS fix_schema, t.relname AS fix_table, a.attname AS fix_column,
       'numeric(20, 2)' AS fix_type, '{column}::numeric' AS fix_using,
       NULL::int AS fix_max_length,
       'rewrites the table under an ACCESS EXCLUSIVE lock; check the scale (2 here) '
       || 'against lc_monetary' AS fix_note
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS t ON t.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE a.atttypid = 'pg_catalog.money'::regtype
  AND a.attnum > 0 AND NOT a.attisdropped
  AND t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
