-- name: aggregates
-- User aggregates: their arguments, result, and the parts of CREATE AGGREGATE
-- as pg_aggregate holds them. Functions print as regproc (qualified when not
-- in pg_catalog, since the search_path is empty), types with format_type.
SELECT n.nspname AS schema, p.proname AS name,
       pg_catalog.oidvectortypes(p.proargtypes) AS argument_types,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity,
       pg_catalog.pg_get_function_result(p.oid) AS result,
       a.aggkind AS kind,
       a.aggtransfn::pg_catalog.regproc::text AS state_function,
       pg_catalog.format_type(a.aggtranstype, NULL) AS state_type,
       a.aggtransspace AS state_space,
       nullif(a.aggfinalfn, 0)::pg_catalog.regproc::text AS final_function,
       a.aggfinalextra AS final_extra, a.aggfinalmodify AS final_modify,
       nullif(a.aggcombinefn, 0)::pg_catalog.regproc::text AS combine_function,
       nullif(a.aggserialfn, 0)::pg_catalog.regproc::text AS serial_function,
       nullif(a.aggdeserialfn, 0)::pg_catalog.regproc::text AS deserial_function,
       a.agginitval AS initial_condition,
       nullif(a.aggmtransfn, 0)::pg_catalog.regproc::text AS moving_state_function,
       nullif(a.aggminvtransfn, 0)::pg_catalog.regproc::text AS moving_inverse_function,
       CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END
         AS moving_state_type,
       a.aggmtransspace AS moving_state_space,
       nullif(a.aggmfinalfn, 0)::pg_catalog.regproc::text AS moving_final_function,
       a.aggmfinalextra AS moving_final_extra, a.aggmfinalmodify AS moving_final_modify,
       a.aggminitval AS moving_initial_condition,
       CASE WHEN a.aggsortop <> 0 THEN
         'OPERATOR(' || pg_catalog.quote_ident(opn.nspname) || '.' || o.oprname || ')'
       END AS sort_operator,
       p.proparallel AS parallel,
       pg_catalog.obj_description(p.oid, 'pg_proc') AS comment
FROM pg_catalog.pg_proc AS p
JOIN pg_catalog.pg_aggregate AS a ON a.aggfnoid = p.oid
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
LEFT JOIN pg_catalog.pg_operator AS o ON o.oid = a.aggsortop
LEFT JOIN pg_catalog.pg_namespace AS opn ON opn.oid = o.oprnamespace
WHERE p.prokind = 'a'
  AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
      AND x.objid = p.oid AND x.deptype = 'e')
ORDER BY n.nspname, p.proname, 3;
