-- name: invalid_indexes
-- severity: error
-- needs: catalog
-- fix: reindex_index
-- message: {index} is invalid ({cause}): every write still updates it, no query can use it{msg_note}
-- An index PostgreSQL marks invalid: a CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY that
-- failed or was cancelled half-way, or an index of a partitioned table that some partition
-- has no index attached to. It costs writes and disk and serves nothing; a unique one
-- enforces nothing either. Rebuild it (REINDEX INDEX CONCURRENTLY), or drop the leftover
-- copy (`_ccnew`) a failed REINDEX CONCURRENTLY left behind.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(ic.relname)] AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS index,
       pg_get_indexdef(i.indexrelid) AS definition,
       CASE WHEN ic.relkind = 'I' THEN 'an index of a partitioned table missing on a partition'
            WHEN ic.relname ~ '_cc(new|old)[0-9]*$' THEN 'a leftover of a failed REINDEX CONCURRENTLY'
            ELSE 'a CREATE INDEX CONCURRENTLY or REINDEX that did not finish' END AS cause,
       missing.partitions AS partitions_without_index,
       CASE WHEN cardinality(missing.partitions) > 0
            THEN '; partitions without it: ' || array_to_string(missing.partitions, ', ')
                 || ' (build it CONCURRENTLY on each, then ALTER INDEX ... ATTACH PARTITION)'
            ELSE '' END AS msg_note,
       pg_relation_size(i.indexrelid) AS size_bytes,
       n.nspname AS fix_schema, ic.relname AS fix_index, ic.relkind = 'I' AS fix_partitioned,
       ic.relname ~ '_ccnew[0-9]*$' AS fix_leftover
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class AS t ON t.oid = i.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
LEFT JOIN LATERAL (
    -- the partitions of the table that hold no index attached to this one
    SELECT array_agg(quote_ident(pn.nspname) || '.' || quote_ident(p.relname) ORDER BY 1)
               AS partitions
    FROM pg_catalog.pg_inherits AS h
    JOIN pg_catalog.pg_class AS p ON p.oid = h.inhrelid
    JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.relnamespace
    WHERE ic.relkind = 'I' AND h.inhparent = t.oid
      AND NOT EXISTS (
          SELECT FROM pg_catalog.pg_inherits AS hi
          JOIN pg_catalog.pg_index AS pi ON pi.indexrelid = hi.inhrelid
          WHERE hi.inhparent = i.indexrelid AND pi.indrelid = p.oid
      )
) AS missing ON true
WHERE NOT i.indisvalid AND NOT ic.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
