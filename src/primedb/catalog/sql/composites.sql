-- name: composites
-- Composite types (CREATE TYPE ... AS (...)) with their attributes in order:
-- name, type, collation when not the type's, comment.
SELECT n.nspname AS schema, t.typname AS name,
       coalesce((
         SELECT json_agg(json_build_object(
                  'name', a.attname,
                  'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                  'collation', CASE WHEN a.attcollation <> at.typcollation THEN
                    CASE WHEN cn.nspname = 'pg_catalog' THEN pg_catalog.quote_ident(co.collname)
                         ELSE pg_catalog.quote_ident(cn.nspname) || '.'
                              || pg_catalog.quote_ident(co.collname)
                    END
                  END,
                  'comment', pg_catalog.col_description(c.oid, a.attnum))
                ORDER BY a.attnum)
         FROM pg_catalog.pg_attribute AS a
         JOIN pg_catalog.pg_type AS at ON at.oid = a.atttypid
         LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = a.attcollation
         LEFT JOIN pg_catalog.pg_namespace AS cn ON cn.oid = co.collnamespace
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS attributes,
       pg_catalog.obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type AS t
JOIN pg_catalog.pg_class AS c ON c.oid = t.typrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
WHERE t.typtype = 'c' AND c.relkind = 'c'
  AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
      AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY n.nspname, t.typname;
