-- name: unused_indexes
-- severity: warning
-- needs: cumulative_statistics
-- fix: drop_index
-- message: {index} was scanned {scans} times in {stats_age_s:age} of statistics while {table_name} took {table_writes} row writes, each one updating it; dropping it frees {freed_bytes:size}
-- An index scanned at most `unused_max_scans` times since the cumulative statistics were
-- reset (pg_stat_all_indexes.idx_scan; a partitioned index counts its partitions' scans),
-- that enforces nothing (not unique, backs no constraint) and is not the index of a foreign
-- key (dropping that would make foreign_keys_without_index fire). Each write to the table
-- still updates it. The audit refuses to judge while the statistics are younger than
-- `min_statistics_age` (the finding says how old they are): a weekly report's index looks
-- unused on Monday. Statistics are per server: check the replicas too before dropping.
WITH scope AS (
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
candidates AS (
    SELECT i.indexrelid, i.indrelid, ic.relname, ic.relkind, s.relname AS table_relname,
           s.relkind AS table_relkind, s.nspname
    FROM pg_catalog.pg_index AS i
    JOIN scope AS s ON s.oid = i.indrelid
    JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
    WHERE i.indisvalid AND NOT i.indisunique AND NOT i.indisexclusion
      AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint AS c WHERE c.conindid = i.indexrelid
                                                               AND c.contype <> 'f')
      -- not the index of a foreign key: its leading keys are not exactly a key's columns
      AND NOT EXISTS (
          SELECT FROM pg_catalog.pg_constraint AS f
          WHERE f.contype = 'f' AND f.conrelid = i.indrelid
            AND i.indnkeyatts >= cardinality(f.conkey)
            AND (SELECT array_agg(x ORDER BY x) FROM unnest((string_to_array(i.indkey::text, ' ')
                    ::int2[])[1:cardinality(f.conkey)]) AS x)
                = (SELECT array_agg(x ORDER BY x) FROM unnest(f.conkey) AS x)
      )
),
usage AS (
    -- pg_stat_get_numscans() is pg_stat_all_indexes.idx_scan, and the tuple counters are
    -- pg_stat_all_tables' n_tup_*: the functions behind the views, cheaper on 10,000 indexes.
    -- A partitioned index and table count the scans and writes of their leaves.
    SELECT c.indexrelid,
           sum(pg_stat_get_numscans(leaf.relid))::bigint AS scans,
           sum(pg_relation_size(leaf.relid))::bigint AS size_bytes
    FROM candidates AS c
    CROSS JOIN LATERAL (
        SELECT p.relid FROM pg_partition_tree(c.indexrelid) AS p WHERE p.isleaf AND c.relkind = 'I'
        UNION ALL
        SELECT c.indexrelid WHERE c.relkind <> 'I'
    ) AS leaf
    GROUP BY c.indexrelid
),
writes AS (
    SELECT c.indexrelid,
           sum(pg_stat_get_tuples_inserted(leaf.relid) + pg_stat_get_tuples_updated(leaf.relid)
               + pg_stat_get_tuples_deleted(leaf.relid))::bigint AS table_writes
    FROM candidates AS c
    CROSS JOIN LATERAL (
        SELECT p.relid FROM pg_partition_tree(c.indrelid) AS p
        WHERE p.isleaf AND c.table_relkind = 'p'
        UNION ALL
        SELECT c.indrelid WHERE c.table_relkind <> 'p'
    ) AS leaf
    GROUP BY c.indexrelid
),
age AS (
    SELECT extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time()))::bigint
               AS stats_age_s
    FROM pg_catalog.pg_stat_database AS d
    WHERE d.datname = current_database()
)
SELECT quote_ident(c.nspname) || '.' || quote_ident(c.table_relname) AS table_name,
       ARRAY[quote_ident(c.nspname) || '.' || quote_ident(c.relname)] AS objects,
       quote_ident(c.nspname) || '.' || quote_ident(c.relname) AS index,
       pg_get_indexdef(c.indexrelid) AS definition,
       u.scans,
       coalesce(w.table_writes, 0) AS table_writes,
       age.stats_age_s,
       u.size_bytes AS freed_bytes,
       c.nspname AS fix_schema, c.table_relname AS fix_table, c.relname AS fix_index,
       NULL::text AS fix_constraint, c.relkind = 'I' AS fix_partitioned,
       NULL::text[] AS fix_blocked_by
FROM candidates AS c
JOIN usage AS u ON u.indexrelid = c.indexrelid
LEFT JOIN writes AS w ON w.indexrelid = c.indexrelid
CROSS JOIN age
WHERE u.scans <= %(unused_max_scans)s
ORDER BY 1, 3;
