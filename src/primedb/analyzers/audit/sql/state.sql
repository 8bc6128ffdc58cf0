-- name: cumulative_statistics_age
-- How long the cumulative statistics of this database have been counting: since their last
-- reset, else (never reset) at least since the server started.
SELECT d.stats_reset AS reset_at,
       extract(epoch FROM now() - coalesce(d.stats_reset, pg_catalog.pg_postmaster_start_time()))
           AS age_s
FROM pg_catalog.pg_stat_database AS d
WHERE d.datname = pg_catalog.current_database();

-- name: never_analyzed_tables
-- Tables (partitioned ones by their leaves) the planner has no statistics for: reltuples is
-- -1 until the first VACUUM or ANALYZE.
SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.relname) AS table_name
FROM pg_catalog.pg_class AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE t.relkind = 'r' AND t.reltuples < 0 AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1;

-- name: missing_schemas
-- The schemas asked for that the database does not have.
SELECT s.name
FROM pg_catalog.unnest(%(schemas)s::text[]) AS s(name)
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_namespace AS n WHERE n.nspname = s.name);
