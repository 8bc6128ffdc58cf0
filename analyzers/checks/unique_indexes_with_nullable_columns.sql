-- name: unique_indexes_with_nullable_columns
-- severity: warning
-- needs: catalog
-- fix: none
-- message: unique {index} ({columns:list}) lets rows repeat whenever {nullable:list} is NULL (NULLs are distinct from each other): if that is not meant, make the columns NOT NULL or add NULLS NOT DISTINCT
-- A unique index or constraint with a key column that allows NULL and no NULLS NOT DISTINCT
-- (PostgreSQL 15): two rows with a NULL in that column never collide, so the rule does not
-- hold for them, which is rarely what its author meant. A predicate that excludes the
-- NULLs (`WHERE column IS NOT NULL`) says it is meant, and is not reported. Our own check
-- (pg-index-health has none).
WITH keyed AS (
    SELECT i.indexrelid, i.indrelid, i.indpred, a.attname, a.attnotnull, k.position
    FROM pg_catalog.pg_index AS i
    JOIN LATERAL unnest((string_to_array(i.indkey::text, ' ')::int2[])[1:i.indnkeyatts])
         WITH ORDINALITY AS k(attnum, position) ON true
    JOIN pg_catalog.pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indisunique AND NOT i.indnullsnotdistinct AND i.indisvalid
),
grouped AS (
    SELECT indexrelid, indrelid,
           array_agg(attname::text ORDER BY position) AS columns,
           array_agg(attname::text ORDER BY position) FILTER (
               WHERE NOT attnotnull
                 AND (indpred IS NULL
                      OR strpos(pg_get_expr(indpred, indrelid),
                                '(' || quote_ident(attname) || ' IS NOT NULL)') = 0)
           ) AS nullable
    FROM keyed
    GROUP BY indexrelid, indrelid
)
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(ic.relname)] AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS index,
       g.columns,
       g.nullable,
       c.conname AS constraint_name,
       pg_get_indexdef(g.indexrelid) AS definition
FROM grouped AS g
JOIN pg_catalog.pg_class AS ic ON ic.oid = g.indexrelid
JOIN pg_catalog.pg_class AS t ON t.oid = g.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
LEFT JOIN pg_catalog.pg_constraint AS c ON c.conindid = g.indexrelid AND c.contype IN ('u', 'p')
WHERE g.nullable IS NOT NULL AND NOT ic.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
