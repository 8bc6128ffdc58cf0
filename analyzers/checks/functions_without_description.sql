-- name: functions_without_description
-- severity: info
-- needs: catalog
-- fix: comment
-- message: {function} has no description (COMMENT ON {kind})
-- A function or procedure without a comment. What it promises (its rule, its side
-- effects, who calls it) is otherwise only in its body. Functions of extensions are left
-- out.
SELECT NULL::text AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(p.proname)
             || '(' || pg_get_function_identity_arguments(p.oid) || ')'] AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(p.proname)
           || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS function,
       CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END
           AS kind,
       CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END
           AS fix_object,
       n.nspname AS fix_schema, p.proname AS fix_function,
       pg_get_function_identity_arguments(p.oid) AS fix_arguments
FROM pg_catalog.pg_proc AS p
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
WHERE NOT EXISTS (
      SELECT FROM pg_catalog.pg_description AS d
      WHERE d.classoid = 'pg_catalog.pg_proc'::regclass AND d.objoid = p.oid
        AND d.description <> ''
  )
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e'
  )
ORDER BY 3;
