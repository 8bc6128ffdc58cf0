-- name: tables_with_missing_indexes
-- severity: warning
-- needs: cumulative_statistics, planner_statistics
-- fix: none
-- message: {table_name} ({rows} rows) was read by {seq_scans} sequential scans of about {rows_per_seq_scan} rows each, against {index_scans} index scans, in {stats_age_s:age} of statistics: some query filters it without a fitting index; find it with EXPLAIN (primedb explain)
-- A table read more often by sequential scans than by index scans, at least
-- `missing_index_min_seq_scans` times since the statistics were reset, each sequential scan
-- reading `missing_index_min_rows` rows or more on average (pg_stat_all_tables: seq_scan,
-- seq_tup_read, idx_scan). Reading that many rows per query is what a missing index costs:
-- a query filtering the table has none that fits. A partitioned table sums its partitions,
-- and since a scan reads one partition, a scan of a small partition does not count as a
-- large read. The audit refuses to judge while the statistics are younger than
-- `min_statistics_age`.
WITH tables AS (
    SELECT t.oid, t.relname, t.relkind, n.nspname
    FROM pg_catalog.pg_class AS t
    JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
    WHERE t.relkind IN ('r', 'p', 'm') AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
),
usage AS (
    SELECT x.oid,
           sum(coalesce(st.seq_scan, 0))::bigint AS seq_scans,
           sum(coalesce(st.idx_scan, 0))::bigint AS index_scans,
           sum(coalesce(st.seq_tup_read, 0))::bigint AS seq_rows_read,
           sum(greatest(l.reltuples, 0))::bigint AS rows,
           sum(pg_relation_size(l.oid))::bigint AS size_bytes
    FROM tables AS x
    JOIN LATERAL (
        SELECT p.relid FROM pg_partition_tree(x.oid) AS p WHERE p.isleaf AND x.relkind = 'p'
        UNION ALL
        SELECT x.oid WHERE x.relkind <> 'p'
    ) AS leaf ON true
    JOIN pg_catalog.pg_class AS l ON l.oid = leaf.relid
    LEFT JOIN pg_catalog.pg_stat_all_tables AS st ON st.relid = leaf.relid
    GROUP BY x.oid
),
age AS (
    SELECT extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time()))::bigint
               AS stats_age_s
    FROM pg_catalog.pg_stat_database AS d
    WHERE d.datname = current_database()
)
SELECT quote_ident(x.nspname) || '.' || quote_ident(x.relname) AS table_name,
       ARRAY[quote_ident(x.nspname) || '.' || quote_ident(x.relname)] AS objects,
       u.rows, u.size_bytes, u.seq_scans, u.index_scans, u.seq_rows_read,
       u.seq_rows_read / greatest(u.seq_scans, 1) AS rows_per_seq_scan,
       age.stats_age_s
FROM tables AS x
JOIN usage AS u ON u.oid = x.oid
CROSS JOIN age
WHERE u.seq_rows_read / greatest(u.seq_scans, 1) >= %(missing_index_min_rows)s
  AND u.seq_scans >= %(missing_index_min_seq_scans)s
  AND u.seq_scans > u.index_scans
ORDER BY 1;
