-- name: intersected_indexes
-- severity: warning
-- needs: catalog
-- fix: drop_index
-- message: {index} is a prefix of {covering} (same leading keys, order, operator classes and predicate): {covering} serves its queries, both are written; dropping it frees {freed_bytes:size}
-- A B-tree index whose key columns (with their operator classes, collations and order) are
-- the leading keys of another B-tree index of the same table with the same predicate, and
-- whose INCLUDE columns the other holds too: the longer index serves every search and
-- order the shorter one does, so the shorter one is only a cost to writes, disk and cache.
-- A unique index is never reported (it enforces uniqueness on fewer columns than the
-- longer one); identical indexes are duplicated_indexes' to report.
WITH scope AS (
    SELECT t.oid, n.nspname
    FROM pg_catalog.pg_class AS t
    JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
    WHERE t.relkind IN ('r', 'p', 'm')
      AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
      AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
      AND NOT EXISTS (
          SELECT FROM pg_catalog.pg_depend AS e
          WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
      )
),
idx AS (
    SELECT i.indexrelid, i.indrelid, s.nspname, ic.relname, ic.relkind, ic.relam,
           ic.relispartition, i.indisprimary, i.indisunique, i.indnullsnotdistinct,
           -- one entry per key: column or expression, operator class, collation, order
           -- (ASC/DESC, NULLS FIRST/LAST, all flipped when the first key is DESC: a B-tree
           -- scanned backwards gives the reverse order of every key at once)
           ARRAY(
               SELECT pg_get_indexdef(i.indexrelid, k, false)
                      || ' ' || i.indclass[k - 1]::text || ' ' || i.indcollation[k - 1]::text
                      || ' ' || CASE WHEN am.amname = 'btree'
                                     THEN (i.indoption[k - 1]
                                           # CASE WHEN i.indoption[0] & 1 = 1 THEN 3 ELSE 0 END)::text
                                     ELSE i.indoption[k - 1]::text END
               FROM generate_series(1, i.indnkeyatts) AS k
               ORDER BY k
           ) AS keys,
           ARRAY(
               SELECT pg_get_indexdef(i.indexrelid, k, false)
               FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k
               ORDER BY 1
           ) AS includes,
           ARRAY(
               SELECT pg_get_indexdef(i.indexrelid, k, false)
               FROM generate_series(1, i.indnatts) AS k
           ) AS columns,
           coalesce(pg_get_expr(i.indpred, i.indrelid), '') AS predicate,
           c.conname AS constraint_name,
           coalesce(f.referenced_by, '{}') AS referenced_by
    FROM pg_catalog.pg_index AS i
    JOIN scope AS s ON s.oid = i.indrelid
    JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
    JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam
    LEFT JOIN pg_catalog.pg_constraint AS c
           ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u')
    LEFT JOIN (
        -- the foreign keys that depend on each index (those of a referenced key)
        SELECT conindid, array_agg(conname::text ORDER BY conname) AS referenced_by
        FROM pg_catalog.pg_constraint
        WHERE contype = 'f'
        GROUP BY conindid
    ) AS f ON f.conindid = i.indexrelid
    WHERE i.indisvalid AND i.indisready AND NOT i.indisexclusion
),
ranked AS (
    SELECT idx.*,
           row_number() OVER w AS position,
           first_value(idx.relname) OVER w AS kept_name
    FROM idx
    WINDOW w AS (
        PARTITION BY indrelid, relam, keys, includes, predicate
        ORDER BY relispartition DESC, indisprimary DESC, indisunique DESC,
                 indnullsnotdistinct DESC, constraint_name IS NOT NULL DESC,
                 cardinality(referenced_by) > 0 DESC, indexrelid
    )
),
pairs AS (
    SELECT DISTINCT ON (a.indexrelid)
           a.indexrelid, a.indrelid, a.nspname, a.relname, a.relkind, b.relname AS covering_name,
           pg_get_indexdef(b.indexrelid) AS covering_definition
    FROM ranked AS a
    JOIN ranked AS b
      ON b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid AND b.relam = a.relam
     AND b.predicate = a.predicate
     AND cardinality(b.keys) >= cardinality(a.keys)
     AND b.keys[1:cardinality(a.keys)] = a.keys
     AND NOT (b.keys = a.keys AND b.includes = a.includes)
     AND a.includes <@ b.columns
     AND (cardinality(b.keys) > cardinality(a.keys) OR a.includes <@ b.includes)
    JOIN pg_catalog.pg_am AS am ON am.oid = a.relam AND am.amname = 'btree'
    -- a duplicate is duplicated_indexes' to report; the index covering it stays
    WHERE NOT a.indisunique AND NOT a.relispartition
      AND a.position < 2 AND b.position < 2
    ORDER BY a.indexrelid, cardinality(b.keys), b.indexrelid
)
SELECT quote_ident(p.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(p.nspname) || '.' || quote_ident(p.relname),
             quote_ident(p.nspname) || '.' || quote_ident(p.covering_name)] AS objects,
       quote_ident(p.nspname) || '.' || quote_ident(p.relname) AS index,
       quote_ident(p.nspname) || '.' || quote_ident(p.covering_name) AS covering,
       pg_get_indexdef(p.indexrelid) AS definition,
       p.covering_definition,
       CASE WHEN p.relkind = 'I'
            THEN (SELECT sum(pg_relation_size(l.relid))::bigint
                  FROM pg_partition_tree(p.indexrelid) AS l WHERE l.isleaf)
            ELSE pg_relation_size(p.indexrelid) END AS freed_bytes,
       p.nspname AS fix_schema, t.relname AS fix_table, p.relname AS fix_index,
       NULL::text AS fix_constraint, p.relkind = 'I' AS fix_partitioned,
       NULL::text[] AS fix_blocked_by
FROM pairs AS p
JOIN pg_catalog.pg_class AS t ON t.oid = p.indrelid
ORDER BY 1, 3;
