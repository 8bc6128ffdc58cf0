-- name: duplicated_indexes
-- severity: warning
-- needs: catalog
-- fix: drop_index
-- message: {index} duplicates {kept}: same key, order, operator classes, INCLUDE and predicate; both are written, one is read; dropping it frees {freed_bytes:size}{msg_note}
-- Two indexes of one table that are the same index: the same access method, key columns or
-- expressions, operator classes, collations and order (a B-tree read backwards counts as the
-- same), INCLUDE columns and predicate. Every write updates both and the planner uses one;
-- the other costs its size on disk and in cache. Of each group, the index kept is the one
-- that cannot go: inherited by a partition, the primary key, unique, NULLS NOT DISTINCT,
-- backing a constraint, referenced by a foreign key, else the oldest. Uniqueness counts as
-- enforcement only: a plain index equal to a unique one is its duplicate.
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
)
SELECT quote_ident(r.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(r.nspname) || '.' || quote_ident(r.relname),
             quote_ident(r.nspname) || '.' || quote_ident(r.kept_name)]
           AS objects,
       quote_ident(r.nspname) || '.' || quote_ident(r.relname) AS index,
       quote_ident(r.nspname) || '.' || quote_ident(r.kept_name) AS kept,
       pg_get_indexdef(r.indexrelid) AS definition,
       r.constraint_name,
       r.referenced_by,
       CASE WHEN cardinality(r.referenced_by) > 0
            THEN '; foreign keys ' || array_to_string(r.referenced_by, ', ')
                 || ' depend on it: recreate them on ' || r.kept_name || ' first, then drop it'
            ELSE '' END AS msg_note,
       CASE WHEN r.relkind = 'I'
            THEN (SELECT sum(pg_relation_size(p.relid))::bigint
                  FROM pg_partition_tree(r.indexrelid) AS p WHERE p.isleaf)
            ELSE pg_relation_size(r.indexrelid) END AS freed_bytes,
       r.nspname AS fix_schema, t.relname AS fix_table, r.relname AS fix_index,
       r.constraint_name AS fix_constraint, r.relkind = 'I' AS fix_partitioned,
       r.referenced_by AS fix_blocked_by
FROM ranked AS r
JOIN pg_catalog.pg_class AS t ON t.oid = r.indrelid
WHERE r.position > 1 AND NOT r.relispartition
ORDER BY 1, 3;
