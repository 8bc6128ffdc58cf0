-- name: columns_with_char_type
-- severity: warning
-- needs: catalog
-- fix: alter_column_type
-- message: {column} is {type}: values are padded with spaces to the length and the padding is ignored or not depending on the operator; use text (with a CHECK on the length)
-- A column of type character(n) (char, bpchar). It pads every value with spaces to n and
-- strips them again in some operations but not others (comparisons ignore them, LIKE and
-- concatenation see them), stores the padding, and is no faster than text. text with a
-- CHECK on length(column) says the same rule plainly.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)]
           AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)
           AS column,
       format_type(a.atttypid, a.atttypmod) AS type,
       n.nspname AS fix_schema, t.relname AS fix_table, a.attname AS fix_column,
       'text' AS fix_type, NULL::text AS fix_using,
       CASE WHEN a.atttypmod > 4 THEN a.atttypmod - 4 END AS fix_max_length,
       'rewrites the table under an ACCESS EXCLUSIVE lock; trailing spaces are dropped '
       || '(char comparisons already ignored them)' AS fix_note
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS t ON t.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE a.atttypid = 'pg_catalog.bpchar'::regtype
  AND a.attnum > 0 AND NOT a.attisdropped
  AND t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
