-- name: indexes_with_timestamp_in_the_middle
-- severity: warning
-- needs: catalog
-- fix: none
-- message: {index} has timestamp column {column} before {after:list}: a range on {column} (>, <, BETWEEN) stops the search there, so the keys after it only filter; put equality keys first, the timestamp last
-- A B-tree index (not unique) with a timestamp or timestamptz key column followed by other
-- keys. Timestamps are searched by range; a range on one key makes every later key a mere
-- filter of the entries the range reads (equality keys first, then sort keys, then the
-- range). Not reported: keys after the timestamp that all belong to the primary key, the
-- tie-break of keyset pagination (`ORDER BY created_at DESC, id DESC`).
WITH keyed AS (
    SELECT i.indexrelid, i.indrelid, k.attnum, k.position, i.indnkeyatts
    FROM pg_catalog.pg_index AS i
    JOIN LATERAL unnest((string_to_array(i.indkey::text, ' ')::int2[])[1:i.indnkeyatts])
         WITH ORDINALITY AS k(attnum, position) ON true
    WHERE NOT i.indisunique AND i.indnkeyatts > 1 AND i.indisvalid
)
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(ic.relname)] AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS index,
       a.attname AS column,
       ARRAY(
           SELECT pg_get_indexdef(k.indexrelid, later.position::int, false)
           FROM keyed AS later
           WHERE later.indexrelid = k.indexrelid AND later.position > k.position
           ORDER BY later.position
       ) AS after,
       pg_get_indexdef(k.indexrelid) AS definition
FROM keyed AS k
JOIN pg_catalog.pg_class AS ic ON ic.oid = k.indexrelid
JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam AND am.amname = 'btree'
JOIN pg_catalog.pg_class AS t ON t.oid = k.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = k.indrelid AND a.attnum = k.attnum
WHERE a.atttypid IN ('pg_catalog.timestamp'::regtype, 'pg_catalog.timestamptz'::regtype)
  AND k.position < k.indnkeyatts AND NOT ic.relispartition
  -- keys after the timestamp that are not all primary key columns (the keyset tie-break)
  AND EXISTS (
      SELECT FROM keyed AS later
      WHERE later.indexrelid = k.indexrelid AND later.position > k.position
        AND NOT EXISTS (
            SELECT FROM pg_catalog.pg_constraint AS pk
            WHERE pk.conrelid = k.indrelid AND pk.contype = 'p' AND later.attnum = ANY (pk.conkey)
        )
  )
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
