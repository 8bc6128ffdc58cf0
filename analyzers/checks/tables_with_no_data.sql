-- name: tables_with_no_data
-- severity: info
-- needs: planner_statistics
-- fix: none
-- message: {table_name} is empty (no rows and no pages by the planner's statistics): a table no code writes any more, or one not yet in service
-- A table whose pages and rows are both zero by the planner's statistics (relpages and
-- reltuples, as of the last VACUUM or ANALYZE; a partitioned table sums its partitions,
-- at least one of them analyzed). An empty table on a live database is often a feature
-- that was removed or never shipped: its schema still costs migrations, locks and reading.
-- Tables never analyzed are not judged.
WITH tables AS (
    SELECT t.oid, t.relname, t.relkind, n.nspname
    FROM pg_catalog.pg_class AS t
    JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
    WHERE t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
),
sizes AS (
    SELECT x.oid, sum(l.relpages)::bigint AS pages, max(l.reltuples) AS most_rows,
           bool_or(l.reltuples >= 0) AS analyzed
    FROM tables AS x
    JOIN LATERAL (
        SELECT p.relid FROM pg_partition_tree(x.oid) AS p WHERE p.isleaf AND x.relkind = 'p'
        UNION ALL
        SELECT x.oid WHERE x.relkind <> 'p'
    ) AS leaf ON true
    JOIN pg_catalog.pg_class AS l ON l.oid = leaf.relid
    GROUP BY x.oid
)
SELECT quote_ident(x.nspname) || '.' || quote_ident(x.relname) AS table_name,
       ARRAY[quote_ident(x.nspname) || '.' || quote_ident(x.relname)] AS objects,
       s.pages,
       greatest(s.most_rows, 0)::bigint AS rows
FROM tables AS x
JOIN sizes AS s ON s.oid = x.oid
WHERE s.analyzed AND s.pages = 0 AND s.most_rows <= 0
ORDER BY 1;
