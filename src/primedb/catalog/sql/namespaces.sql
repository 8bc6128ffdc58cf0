-- Schemas and extensions. The system schemas (pg_*, information_schema) and
-- schemas created by an extension are left out; plpgsql, which initdb puts in
-- every database, is not listed as an extension.

-- name: schemas
-- The user schemas, with their comments.
SELECT n.nspname AS name,
       pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_catalog.pg_namespace AS n
WHERE left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS e
    WHERE e.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
      AND e.objid = n.oid AND e.deptype = 'e')
ORDER BY n.nspname;

-- name: extensions
-- Installed extensions: name, schema, version, the versions this server can
-- update it to from there (ALTER EXTENSION ... UPDATE TO), comment.
SELECT x.extname AS name, n.nspname AS schema, x.extversion AS version,
       ARRAY(SELECT u.target FROM pg_catalog.pg_extension_update_paths(x.extname) AS u
             WHERE u.source = x.extversion AND u.path IS NOT NULL
             ORDER BY u.target) AS update_targets,
       pg_catalog.obj_description(x.oid, 'pg_extension') AS comment
FROM pg_catalog.pg_extension AS x
JOIN pg_catalog.pg_namespace AS n ON n.oid = x.extnamespace
WHERE x.extname <> 'plpgsql'
ORDER BY x.extname;
