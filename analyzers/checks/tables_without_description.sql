-- name: tables_without_description
-- severity: info
-- needs: catalog
-- fix: comment
-- message: {table_name} has no description (COMMENT ON TABLE): say what a row of it is
-- A table without a comment. The comment is the one description that travels with the
-- schema (psql's \d+, dumps, every tool that reads the catalog); without it, what a row
-- means lives only in code and people.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname)] AS objects,
       'TABLE' AS fix_object, n.nspname AS fix_schema, t.relname AS fix_table
FROM pg_catalog.pg_class AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_description AS d
      WHERE d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = t.oid AND d.objsubid = 0
            AND d.description <> ''
  )
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1;
