-- Table and index statistics of the largest tables.

-- name: top_tables
-- The `limit` largest tables of the current database. Sizes are the planner's page counts
-- (pg_class.relpages of the heap, its TOAST table and its indexes, as of the last VACUUM or
-- ANALYZE) times the block size: exact sizes (pg_total_relation_size) cost about 0.1 ms a
-- table, which would make this the most expensive part of the page.
WITH top AS (
    SELECT c.oid, n.nspname, c.relname,
           c.relpages::float8 + coalesce(t.relpages, 0) AS heap_pages,
           coalesce((
               SELECT sum(ic.relpages)
               FROM pg_catalog.pg_index i
               JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
               WHERE i.indrelid = c.oid
           ), 0)::float8 AS index_pages
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid
    WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
    ORDER BY 4 + 5 DESC, c.oid
    LIMIT %(limit)s
)
SELECT top.nspname || '.' || top.relname AS relation,
       (top.heap_pages + top.index_pages) * current_setting('block_size')::float8 AS size_bytes,
       top.index_pages * current_setting('block_size')::float8 AS index_size_bytes,
       pg_catalog.pg_stat_get_numscans(top.oid)::float8 AS seq_scan,
       coalesce((
           SELECT sum(pg_catalog.pg_stat_get_numscans(i.indexrelid))
           FROM pg_catalog.pg_index i
           WHERE i.indrelid = top.oid
       ), 0)::float8 AS idx_scan,
       pg_catalog.pg_stat_get_live_tuples(top.oid)::float8 AS n_live_tup,
       pg_catalog.pg_stat_get_dead_tuples(top.oid)::float8 AS n_dead_tup,
       extract(epoch FROM clock_timestamp()
               - pg_catalog.pg_stat_get_last_autovacuum_time(top.oid))::float8
           AS autovacuum_age_seconds
FROM top
ORDER BY size_bytes DESC, relation;
