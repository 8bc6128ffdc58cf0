-- name: columns_with_fixed_length_varchar
-- severity: info
-- needs: catalog
-- fix: alter_column_type
-- message: {column} is {type}: the length limit lives in the type, so changing it is a type change that views and functions depend on; use text with a CHECK on the length
-- A column of type varchar(n). PostgreSQL stores varchar(n) and text alike; the limit is
-- the only difference, and as part of the type it is awkward to change (lowering it
-- rewrites the table, every view over the column must be dropped and recreated). text with
-- a named CHECK on length(column) enforces the same rule, is changed by replacing the
-- CHECK, and names the rule in its error.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)]
           AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)
           AS column,
       format_type(a.atttypid, a.atttypmod) AS type,
       n.nspname AS fix_schema, t.relname AS fix_table, a.attname AS fix_column,
       'text' AS fix_type, NULL::text AS fix_using, a.atttypmod - 4 AS fix_max_length,
       'varchar(n) to text is binary compatible: no rewrite, a brief ACCESS EXCLUSIVE lock; '
       || 'the CHECK is validated without blocking writes' AS fix_note
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS t ON t.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE a.atttypid = 'pg_catalog.varchar'::regtype AND a.atttypmod > 4
  AND a.attnum > 0 AND NOT a.attisdropped
  AND t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
