-- name: bloated_indexes
-- severity: warning
-- needs: planner_statistics
-- fix: reindex_index
-- message: {index} takes {actual_bytes:size} where its {entries} entries need about {expected_bytes:size}: about {bloat_bytes:size} ({bloat_ratio:pct}) is empty space in its pages; REINDEX CONCURRENTLY frees {freed_bytes:size}
-- The estimated empty space of a B-tree index: its pages (pg_class.relpages) against the
-- pages its entries need, estimated as ioguix's pgsql-bloat-estimation does for B-trees:
-- the entry count (the index's reltuples) times an entry's width (an 8-byte index tuple
-- header plus the pg_stats average width of each column or expression, aligned to 8), plus
-- a 4-byte line pointer, packed into 8 kB pages less the page header (24 bytes) and the
-- B-tree's own area (16 bytes), filled up to the index's fillfactor (90 by default), plus
-- the upper levels and the meta page. Reported above `bloat_min_ratio` and
-- `bloat_min_bytes`. Pages emptied by deletes and updates stay in the index until a
-- REINDEX: scans read them, the cache holds them. Deduplication (PostgreSQL 13+) packs
-- repeated keys tighter than the estimate, so bloat is then underestimated, never invented.
-- A partitioned index sums its partitions' indexes.
WITH btree AS (
    SELECT ic.oid, i.indrelid, coalesce(pg_partition_root(ic.oid), ic.oid) AS root,
           ic.relpages, ic.reltuples,
           coalesce((SELECT substring(o FROM 'fillfactor=([0-9]+)')::int
                     FROM unnest(ic.reloptions) AS o WHERE o LIKE 'fillfactor=%%'), 90)
               AS fillfactor,
           current_setting('block_size')::int AS block_size
    FROM pg_catalog.pg_index AS i
    JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
    JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam AND am.amname = 'btree'
    JOIN pg_catalog.pg_namespace AS n ON n.oid = ic.relnamespace
    WHERE ic.relkind = 'i' AND ic.reltuples >= 0 AND i.indisvalid
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
    -- a column's width from the table's pg_stats, an expression's from the index's own
    SELECT b.oid,
           count(*) AS columns,
           count(coalesce(s.avg_width, xs.avg_width)) AS columns_with_stats,
           sum(coalesce(s.avg_width, xs.avg_width, 0)) AS data_width
    FROM btree AS b
    JOIN pg_catalog.pg_attribute AS ia ON ia.attrelid = b.oid AND ia.attnum > 0
    JOIN pg_catalog.pg_index AS i ON i.indexrelid = b.oid
    JOIN pg_catalog.pg_class AS t ON t.oid = b.indrelid
    JOIN pg_catalog.pg_class AS ic ON ic.oid = b.oid
    JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
    LEFT JOIN pg_catalog.pg_attribute AS a
           ON a.attrelid = b.indrelid AND a.attnum = i.indkey[ia.attnum - 1] AND a.attnum > 0
    LEFT JOIN stats AS s
           ON s.schemaname = n.nspname AND s.tablename = t.relname AND s.attname = a.attname
    LEFT JOIN stats AS xs
           ON a.attname IS NULL AND xs.schemaname = n.nspname AND xs.tablename = ic.relname
          AND xs.attname = ia.attname
    GROUP BY b.oid
),
estimate AS (
    SELECT b.root, b.relpages, b.reltuples, b.block_size,
           -- leaf pages for the entries, one more level above them, and the meta page
           ceil(b.reltuples / tpp) + ceil(b.reltuples / tpp / tpp) + 1 AS expected_pages,
           w.columns = w.columns_with_stats AS known
    FROM btree AS b
    JOIN widths AS w ON w.oid = b.oid
    CROSS JOIN LATERAL (
        SELECT greatest(2, floor((b.block_size - 24 - 16) * b.fillfactor / 100.0
                                 / (ceil((8 + w.data_width) / 8.0) * 8 + 4))) AS tpp
    ) AS per_page
),
totals AS (
    SELECT root, bool_and(known) AS known, sum(relpages)::bigint AS pages,
           sum(expected_pages)::bigint AS expected_pages, sum(reltuples)::bigint AS entries,
           max(block_size) AS block_size
    FROM estimate
    GROUP BY root
)
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(ic.relname)] AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS index,
       x.entries,
       x.pages * x.block_size AS actual_bytes,
       x.expected_pages * x.block_size AS expected_bytes,
       (x.pages - x.expected_pages) * x.block_size AS bloat_bytes,
       round((x.pages - x.expected_pages)::numeric / x.pages, 3) AS bloat_ratio,
       'ioguix pgsql-bloat-estimation, B-tree (pg_stats widths, reltuples, fillfactor)'
           AS estimate,
       (x.pages - x.expected_pages) * x.block_size AS freed_bytes,
       n.nspname AS fix_schema, ic.relname AS fix_index, false AS fix_partitioned,
       false AS fix_leftover
FROM totals AS x
JOIN pg_catalog.pg_class AS ic ON ic.oid = x.root
JOIN pg_catalog.pg_index AS i ON i.indexrelid = x.root
JOIN pg_catalog.pg_class AS t ON t.oid = i.indrelid
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
ORDER BY 1, 3;
