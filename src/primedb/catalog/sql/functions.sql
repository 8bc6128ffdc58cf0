-- name: functions
-- Functions and procedures (aggregates and window functions are unsupported
-- kinds, see unsupported.sql), identified by name and argument types.
SELECT n.nspname AS schema, p.proname AS name, p.prokind AS kind,
       pg_catalog.oidvectortypes(p.proargtypes) AS argument_types,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       CASE WHEN p.prokind <> 'p' THEN pg_catalog.pg_get_function_result(p.oid) END AS result,
       l.lanname AS language, p.provolatile AS volatility, p.proisstrict AS strict,
       p.prosecdef AS security_definer, p.proleakproof AS leakproof,
       p.proparallel AS parallel, p.procost AS cost, p.prorows AS result_rows,
       coalesce(p.proconfig, '{}') AS config,
       pg_catalog.pg_get_functiondef(p.oid) AS definition,
       pg_catalog.obj_description(p.oid, 'pg_proc') AS comment
FROM pg_catalog.pg_proc AS p
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language AS l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p')
  AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
      AND x.objid = p.oid AND x.deptype = 'e')
ORDER BY n.nspname, p.proname, 4;
