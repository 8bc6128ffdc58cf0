-- What the benchmarks read from the server: the conditions a baseline records and the
-- indexes that exist (to tell "no longer used" from "dropped").

-- name: bench_server
-- The server's version: the major decides how plans are made and counted.
SELECT pg_catalog.current_setting('server_version_num')::int AS version_num,
       pg_catalog.current_setting('server_version') AS version;

-- name: bench_plan_settings
-- The settings that change plans (the planner's costs, methods and limits) or what a plan
-- costs to run (memory), as the session sees them: the given names and every enable_*.
SELECT name, setting
FROM pg_catalog.pg_settings
WHERE pg_catalog.starts_with(name, 'enable_') OR name = ANY(%(names)s::text[])
ORDER BY name;

-- name: bench_indexes
-- The indexes of the database (outside the system schemas), by name.
SELECT c.relname AS name
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('i', 'I')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
ORDER BY c.relname;
