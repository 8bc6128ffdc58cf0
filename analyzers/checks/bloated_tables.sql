-- name: bloated_tables
-- severity: warning
-- needs: planner_statistics
-- fix: none
-- message: {table_name} takes {actual_bytes:size} where its {rows} rows need about {expected_bytes:size}: about {bloat_bytes:size} ({bloat_ratio:pct}) is dead space; VACUUM FULL (ACCESS EXCLUSIVE) or pg_repack (online) gives it back
-- The estimated dead space of a table: its pages (pg_class.relpages) against the pages its
-- rows need, estimated the way ioguix's pgsql-bloat-estimation does: the row count
-- (reltuples) times a row's width (a 23-byte tuple header and the null bitmap, aligned to
-- 8, plus the average width of each column from pg_stats, weighted by its non-NULL
-- fraction), plus a 4-byte line pointer per row, packed into 8 kB pages less their 24-byte
-- header, filled up to the table's fillfactor. Reported above `bloat_min_ratio` and
-- `bloat_min_bytes`. Dead space comes from updates and deletes that VACUUM could mark free
-- but not give back; it makes sequential scans and the cache pay for pages of nothing.
-- Tables never analyzed, or with a column pg_stats does not know, are not judged. A
-- partitioned table sums its partitions.
WITH heap AS (
    SELECT t.oid, coalesce(pg_partition_root(t.oid), t.oid) AS root, t.relpages, t.reltuples,
           coalesce((SELECT substring(o FROM 'fillfactor=([0-9]+)')::int
                     FROM unnest(t.reloptions) AS o WHERE o LIKE 'fillfactor=%%'), 100)
               AS fillfactor,
           current_setting('block_size')::int AS block_size
    FROM pg_catalog.pg_class AS t
    JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
    WHERE t.relkind IN ('r', 'm') AND t.reltuples >= 0
      AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
      AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
),
stats AS MATERIALIZED (
    -- read pg_stats once, then join by name (a lookup per column costs far more)
    SELECT s.schemaname, s.tablename, s.attname, s.avg_width, s.null_frac
    FROM pg_catalog.pg_stats AS s
    WHERE NOT s.inherited AND s.schemaname !~ '^pg_' AND s.schemaname <> 'information_schema'
      AND (%(schemas)s::text[] IS NULL OR s.schemaname = ANY (%(schemas)s::text[]))
),
widths AS (
    SELECT h.oid,
           count(*) AS columns,
           count(s.attname) AS columns_with_stats,
           sum(coalesce(s.avg_width, 0) * (1 - coalesce(s.null_frac, 0))) AS data_width,
           bool_or(coalesce(s.null_frac, 0) > 0) AS has_nulls
    FROM heap AS h
    JOIN pg_catalog.pg_attribute AS a ON a.attrelid = h.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_catalog.pg_class AS t ON t.oid = h.oid
    JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
    LEFT JOIN stats AS s
           ON s.schemaname = n.nspname AND s.tablename = t.relname AND s.attname = a.attname
    GROUP BY h.oid
),
estimate AS (
    SELECT h.root, h.relpages, h.reltuples, h.block_size,
           -- rows per page: (page - header) * fillfactor / (aligned tuple + line pointer)
           ceil(h.reltuples / greatest(1, floor(
               (h.block_size - 24) * h.fillfactor / 100.0
               / (ceil((23 + CASE WHEN w.has_nulls THEN ceil(w.columns / 8.0) ELSE 0 END) / 8.0) * 8
                  + ceil(w.data_width / 8.0) * 8 + 4)))) AS expected_pages,
           w.columns = w.columns_with_stats AS known
    FROM heap AS h
    JOIN widths AS w ON w.oid = h.oid
),
totals AS (
    SELECT root, bool_and(known) AS known, sum(relpages)::bigint AS pages,
           sum(expected_pages)::bigint AS expected_pages, sum(reltuples)::bigint AS rows,
           max(block_size) AS block_size
    FROM estimate
    GROUP BY root
)
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname)] AS objects,
       x.rows,
       x.pages * x.block_size AS actual_bytes,
       x.expected_pages * x.block_size AS expected_bytes,
       (x.pages - x.expected_pages) * x.block_size AS bloat_bytes,
       round((x.pages - x.expected_pages)::numeric / x.pages, 3) AS bloat_ratio,
       'ioguix pgsql-bloat-estimation (pg_stats widths, reltuples, fillfactor)' AS estimate
FROM totals AS x
JOIN pg_catalog.pg_class AS t ON t.oid = x.root
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE x.known AND x.pages > 0
  AND (x.pages - x.expected_pages)::numeric / x.pages >= %(bloat_min_ratio)s
  AND (x.pages - x.expected_pages) * x.block_size >= %(bloat_min_bytes)s
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1;
