-- Privileges, default privileges and owners of the objects in the user schemas.
-- Keys are text arrays (a `name` element would make the whole array name[],
-- whose 63-byte limit cuts a long function signature).
-- `objects` gives each object that can hold privileges its key (as the catalog
-- model writes it), its owner, its ACL and the kind acldefault() takes.

-- name: grants
-- Per object and grantee, the privileges held where they differ from
-- PostgreSQL's defaults (an explicit ACL compared with acldefault), the
-- owner's own entry left out. Privileges come sorted, grantable ones apart.
WITH ns AS (
  SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace AS n
  WHERE left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
), ext AS (
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend AS d WHERE d.deptype = 'e'
), objects AS (
  SELECT ARRAY['schema', ns.nspname::text] AS key, n.nspowner AS owner, n.nspacl AS acl,
         'n'::"char" AS kind
  FROM pg_catalog.pg_namespace AS n JOIN ns ON ns.oid = n.oid
  WHERE n.nspacl IS NOT NULL
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                      AND ext.objid = n.oid)
  UNION ALL
  SELECT ARRAY[CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view'
                              WHEN 'S' THEN 'sequence' ELSE 'table' END, ns.nspname, c.relname],
         c.relowner, c.relacl, CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char"
  FROM pg_catalog.pg_class AS c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                      AND ext.objid = c.oid)
  UNION ALL
  SELECT ARRAY['column', ns.nspname, c.relname, a.attname], c.relowner, a.attacl, 'c'::"char"
  FROM pg_catalog.pg_attribute AS a
  JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
  JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
    AND a.attacl IS NOT NULL
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                      AND ext.objid = c.oid)
  UNION ALL
  SELECT ARRAY[CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                              ELSE 'function' END,
               ns.nspname, p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')'],
         p.proowner, p.proacl, 'f'::"char"
  FROM pg_catalog.pg_proc AS p JOIN ns ON ns.oid = p.pronamespace
  WHERE p.proacl IS NOT NULL
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                                      AND ext.objid = p.oid)
  UNION ALL
  SELECT ARRAY[CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain'
                              ELSE 'composite_type' END, ns.nspname, t.typname],
         t.typowner, t.typacl, 'T'::"char"
  FROM pg_catalog.pg_type AS t JOIN ns ON ns.oid = t.typnamespace
  LEFT JOIN pg_catalog.pg_class AS r ON r.oid = t.typrelid
  WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND r.relkind = 'c'))
    AND t.typacl IS NOT NULL
    AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                                      AND ext.objid = t.oid)
), held AS (
  SELECT o.key, e.grantee, e.privilege_type, e.is_grantable
  FROM objects AS o, pg_catalog.aclexplode(o.acl) AS e
  WHERE e.grantee <> o.owner
), defaults AS (
  SELECT o.key, e.grantee, e.privilege_type, e.is_grantable
  FROM objects AS o, pg_catalog.aclexplode(pg_catalog.acldefault(o.kind, o.owner)) AS e
  WHERE e.grantee <> o.owner
), per_grantee AS (
  SELECT h.key, h.grantee,
         pg_catalog.array_agg(DISTINCT h.privilege_type ORDER BY h.privilege_type)
           AS privileges,
         coalesce(pg_catalog.array_agg(DISTINCT h.privilege_type ORDER BY h.privilege_type)
                    FILTER (WHERE h.is_grantable), '{}') AS grantable
  FROM held AS h GROUP BY h.key, h.grantee
), default_per_grantee AS (
  SELECT d.key, d.grantee,
         pg_catalog.array_agg(DISTINCT d.privilege_type ORDER BY d.privilege_type)
           AS privileges
  FROM defaults AS d GROUP BY d.key, d.grantee
)
SELECT coalesce(g.key, d.key) AS target,
       CASE WHEN coalesce(g.grantee, d.grantee) = 0 THEN 'public'
            ELSE pg_catalog.pg_get_userbyid(coalesce(g.grantee, d.grantee)) END AS grantee,
       coalesce(g.privileges, '{}') AS privileges, coalesce(g.grantable, '{}') AS grantable
FROM per_grantee AS g
FULL JOIN default_per_grantee AS d ON d.key = g.key AND d.grantee = g.grantee
WHERE g.privileges IS DISTINCT FROM d.privileges OR g.grantable <> '{}'
ORDER BY 1, 2;

-- name: default_privileges
-- ALTER DEFAULT PRIVILEGES: per role, schema (NULL: database-wide), kind of
-- object and grantee, the privileges given where they differ from the
-- built-in defaults (database-wide) or at all (in a schema).
WITH entries AS (
  SELECT d.defaclrole AS role, n.nspname AS schema, d.defaclobjtype AS objtype,
         d.defaclacl AS acl,
         CASE WHEN d.defaclnamespace = 0 THEN
           pg_catalog.acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's'
                                                      ELSE d.defaclobjtype END, d.defaclrole)
         END AS builtin
  FROM pg_catalog.pg_default_acl AS d
  LEFT JOIN pg_catalog.pg_namespace AS n ON n.oid = d.defaclnamespace
), held AS (
  SELECT e.role, e.schema, e.objtype, a.grantee,
         pg_catalog.array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type) AS privileges,
         coalesce(pg_catalog.array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type)
                    FILTER (WHERE a.is_grantable), '{}') AS grantable
  FROM entries AS e, pg_catalog.aclexplode(e.acl) AS a
  GROUP BY e.role, e.schema, e.objtype, a.grantee
), builtin AS (
  SELECT e.role, e.schema, e.objtype, a.grantee,
         pg_catalog.array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type) AS privileges
  FROM entries AS e, pg_catalog.aclexplode(e.builtin) AS a
  WHERE e.builtin IS NOT NULL
  GROUP BY e.role, e.schema, e.objtype, a.grantee
)
SELECT pg_catalog.pg_get_userbyid(coalesce(h.role, b.role)) AS role,
       coalesce(h.schema, b.schema) AS schema, coalesce(h.objtype, b.objtype) AS objtype,
       CASE WHEN coalesce(h.grantee, b.grantee) = 0 THEN 'public'
            ELSE pg_catalog.pg_get_userbyid(coalesce(h.grantee, b.grantee)) END AS grantee,
       coalesce(h.privileges, '{}') AS privileges, coalesce(h.grantable, '{}') AS grantable
FROM held AS h
FULL JOIN builtin AS b
  ON b.role = h.role AND b.schema IS NOT DISTINCT FROM h.schema AND b.objtype = h.objtype
 AND b.grantee = h.grantee
WHERE h.privileges IS DISTINCT FROM b.privileges OR h.grantable <> '{}'
ORDER BY 1, 2, 3, 4;

-- name: owners
-- The owner of each object that has one of its own: schemas, relations (not
-- the sequences that belong to a column, nor indexes), routines, types,
-- collations. Read only when owners are asked for.
WITH ns AS (
  SELECT n.oid, n.nspname, n.nspowner FROM pg_catalog.pg_namespace AS n
  WHERE left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
), ext AS (
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend AS d WHERE d.deptype = 'e'
)
SELECT ARRAY['schema', ns.nspname::text] AS target, pg_catalog.pg_get_userbyid(ns.nspowner) AS role
FROM ns
WHERE NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                    AND ext.objid = ns.oid)
UNION ALL
SELECT ARRAY[CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view'
                            WHEN 'S' THEN 'sequence' ELSE 'table' END, ns.nspname, c.relname],
       pg_catalog.pg_get_userbyid(c.relowner)
FROM pg_catalog.pg_class AS c JOIN ns ON ns.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                    AND ext.objid = c.oid)
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS d
                  WHERE c.relkind = 'S' AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                    AND d.objid = c.oid AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i'))
UNION ALL
SELECT ARRAY[CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                            ELSE 'function' END,
             ns.nspname, p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')'],
       pg_catalog.pg_get_userbyid(p.proowner)
FROM pg_catalog.pg_proc AS p JOIN ns ON ns.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p', 'a')
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                                    AND ext.objid = p.oid)
UNION ALL
SELECT ARRAY[CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain'
                            ELSE 'composite_type' END, ns.nspname, t.typname],
       pg_catalog.pg_get_userbyid(t.typowner)
FROM pg_catalog.pg_type AS t JOIN ns ON ns.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_class AS r ON r.oid = t.typrelid
WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND r.relkind = 'c'))
  AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                                    AND ext.objid = t.oid)
UNION ALL
SELECT ARRAY['collation', ns.nspname, c.collname], pg_catalog.pg_get_userbyid(c.collowner)
FROM pg_catalog.pg_collation AS c JOIN ns ON ns.oid = c.collnamespace
WHERE NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_collation'::pg_catalog.regclass
                                    AND ext.objid = c.oid)
ORDER BY 1;
