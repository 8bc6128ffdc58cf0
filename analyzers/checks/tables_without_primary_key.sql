-- name: tables_without_primary_key
-- severity: warning
-- needs: catalog
-- fix: add_primary_key
-- message: {table_name} has no primary key{msg_candidate_note}
-- A table without a primary key: nothing names one row for certain, so an update or delete
-- by key cannot be written, logical replication cannot send its updates and deletes (unless
-- REPLICA IDENTITY FULL, which reads the whole table per row), and duplicates go unnoticed.
-- When a unique index over NOT NULL columns exists, the fix promotes it
-- (ADD PRIMARY KEY USING INDEX, no rebuild).
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname)] AS objects,
       candidate.relname AS candidate_index,
       CASE WHEN candidate.relname IS NOT NULL
            THEN ': unique index ' || candidate.relname
                 || ' over NOT NULL columns can become it without a rebuild'
            ELSE '' END AS msg_candidate_note,
       n.nspname AS fix_schema, t.relname AS fix_table, candidate.relname AS fix_index
FROM pg_catalog.pg_class AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
LEFT JOIN LATERAL (
    -- a unique, valid, whole-table B-tree index over plain NOT NULL columns: the fewest keys
    SELECT ic.relname
    FROM pg_catalog.pg_index AS i
    JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
    JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam AND am.amname = 'btree'
    WHERE i.indrelid = t.oid AND i.indisunique AND i.indisvalid AND i.indpred IS NULL
      AND i.indexprs IS NULL AND i.indnkeyatts = i.indnatts AND t.relkind = 'r'
      AND NOT EXISTS (
          SELECT FROM unnest(string_to_array(i.indkey::text, ' ')::int2[]) AS k(attnum)
          JOIN pg_catalog.pg_attribute AS a ON a.attrelid = t.oid AND a.attnum = k.attnum
          WHERE NOT a.attnotnull
      )
    ORDER BY i.indnkeyatts, ic.relname
    LIMIT 1
) AS candidate ON true
WHERE t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_constraint AS c WHERE c.conrelid = t.oid AND c.contype = 'p'
  )
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1;
