-- Enum types and domains of the user schemas (not those of extensions).

-- name: enums
-- Each enum type with its labels in sort order.
SELECT n.nspname AS schema, t.typname AS name,
       ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum AS e
             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
       pg_catalog.obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
WHERE t.typtype = 'e'
  AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
      AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY n.nspname, t.typname;

-- name: domains
-- Each domain: base type, default, NOT NULL, collation when not the base
-- type's, and its CHECK constraints as a JSON array.
SELECT n.nspname AS schema, t.typname AS name,
       pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type,
       pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS default_value,
       t.typnotnull AS not_null,
       CASE WHEN t.typcollation <> b.typcollation THEN
         CASE WHEN cn.nspname = 'pg_catalog' THEN pg_catalog.quote_ident(co.collname)
              ELSE pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
         END
       END AS collation,
       coalesce((
         SELECT json_agg(json_build_object(
                  'name', k.conname,
                  'definition', pg_catalog.pg_get_constraintdef(k.oid),
                  'validated', k.convalidated,
                  'comment', pg_catalog.obj_description(k.oid, 'pg_constraint'))
                ORDER BY k.conname)
         FROM pg_catalog.pg_constraint AS k WHERE k.contypid = t.oid), '[]') AS checks,
       pg_catalog.obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type AS b ON b.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = t.typcollation
LEFT JOIN pg_catalog.pg_namespace AS cn ON cn.oid = co.collnamespace
WHERE t.typtype = 'd'
  AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
      AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY n.nspname, t.typname;
