-- Triggers and row-level security policies.

-- name: triggers
-- User triggers (not the internal ones behind foreign keys, nor the clones
-- PostgreSQL puts on partitions), with the key of the function they run and
-- their type bits (1 row, 2 before, 4 insert, 8 delete, 16 update, 32
-- truncate, 64 instead of).
SELECT n.nspname AS schema, c.relname AS relation, c.relkind AS relkind, t.tgname AS name,
       ARRAY[CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, pn.nspname,
             p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')'] AS function_key,
       t.tgtype::integer AS type_bits, t.tgenabled AS enabled,
       t.tgconstraint <> 0 AS is_constraint, t.tgdeferrable AS deferrable,
       t.tginitdeferred AS initially_deferred,
       ARRAY(SELECT a.attname
             FROM pg_catalog.unnest(t.tgattr::smallint[]) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_catalog.pg_attribute AS a ON a.attrelid = t.tgrelid AND a.attnum = u.attnum
             ORDER BY u.ord) AS columns,
       pg_catalog.pg_get_triggerdef(t.oid) AS definition,
       pg_catalog.obj_description(t.oid, 'pg_trigger') AS comment
FROM pg_catalog.pg_trigger AS t
JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc AS p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.pronamespace
WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relkind IN ('r', 'p', 'v')
  AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname, t.tgname;

-- name: policies
-- Row-level security policies: command, permissive or restrictive, roles
-- (`public` for everyone), USING and WITH CHECK expressions.
SELECT n.nspname AS schema, c.relname AS relation, p.polname AS name, p.polcmd AS command,
       p.polpermissive AS permissive,
       ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r.oid) END
             FROM pg_catalog.unnest(p.polroles) AS r(oid) ORDER BY 1) AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expression,
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expression,
       pg_catalog.obj_description(p.oid, 'pg_policy') AS comment
FROM pg_catalog.pg_policy AS p
JOIN pg_catalog.pg_class AS c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
ORDER BY n.nspname, c.relname, p.polname;
