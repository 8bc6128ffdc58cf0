-- name: foreign_keys_without_index
-- severity: warning
-- needs: catalog
-- fix: create_index
-- message: foreign key {constraint} ({columns:list}) -> {referenced} has no index leading with its columns: every delete or key update in {referenced} scans {table_name} to check it
-- A foreign key whose referencing columns do not lead any valid B-tree index of the table,
-- in any order. PostgreSQL indexes the referenced side (its key), never the referencing
-- side: each DELETE or key UPDATE of a referenced row then reads the whole referencing
-- table, under a lock, and joins along the key cannot use an index. An index whose
-- predicate only says the key columns are NOT NULL covers the key (the lookups compare
-- with =, which implies it); an index with any other predicate does not.
WITH fk AS (
    SELECT c.oid, c.conname, c.conrelid, c.confrelid, c.conkey, c.confdeltype, t.relname,
           t.relkind, n.nspname,
           ARRAY(
               SELECT a.attname::text
               FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
               JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
               ORDER BY k.position
           ) AS columns
    FROM pg_catalog.pg_constraint AS c
    JOIN pg_catalog.pg_class AS t ON t.oid = c.conrelid
    JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND c.conparentid = 0 AND NOT t.relispartition
      AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
      AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
      AND NOT EXISTS (
          SELECT FROM pg_catalog.pg_depend AS e
          WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid
            AND e.deptype = 'e'
      )
)
SELECT quote_ident(fk.nspname) || '.' || quote_ident(fk.relname) AS table_name,
       ARRAY[quote_ident(fk.nspname) || '.' || quote_ident(fk.relname) || '.'
             || quote_ident(fk.conname)] AS objects,
       fk.conname AS constraint,
       fk.columns,
       quote_ident(rn.nspname) || '.' || quote_ident(r.relname) AS referenced,
       CASE fk.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict'
            WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' ELSE 'set default' END AS on_delete,
       CASE WHEN fk.relkind = 'p'
            THEN (SELECT sum(greatest(l.reltuples, 0))::bigint
                  FROM pg_partition_tree(fk.conrelid) AS p
                  JOIN pg_catalog.pg_class AS l ON l.oid = p.relid WHERE p.isleaf)
            ELSE greatest(t.reltuples, 0)::bigint END AS table_rows_estimate,
       fk.nspname AS fix_schema, fk.relname AS fix_table, fk.columns AS fix_columns,
       fk.relkind = 'p' AS fix_partitioned
FROM fk
JOIN pg_catalog.pg_class AS t ON t.oid = fk.conrelid
JOIN pg_catalog.pg_class AS r ON r.oid = fk.confrelid
JOIN pg_catalog.pg_namespace AS rn ON rn.oid = r.relnamespace
WHERE NOT EXISTS (
    SELECT
    FROM pg_catalog.pg_index AS i
    JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
    JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam AND am.amname = 'btree'
    WHERE i.indrelid = fk.conrelid AND i.indisvalid
      AND i.indnkeyatts >= cardinality(fk.conkey)
      -- the leading keys are exactly the key's columns, in any order
      AND (SELECT array_agg(x ORDER BY x) FROM unnest((string_to_array(i.indkey::text, ' ')
              ::int2[])[1:cardinality(fk.conkey)]) AS x)
          = (SELECT array_agg(x ORDER BY x) FROM unnest(fk.conkey) AS x)
      -- no predicate, or one that only says the key's columns are not null
      AND (i.indpred IS NULL
           OR regexp_replace(
                  pg_get_expr(i.indpred, i.indrelid),
                  '\((' || (SELECT string_agg(regexp_replace(quote_ident(c), '([^a-z0-9_])',
                                                             '\\\1', 'g'), '|')
                            FROM unnest(fk.columns) AS c)
                        || ') IS NOT NULL\)|AND|[() ]',
                  '', 'g') = '')
)
ORDER BY 1, 3;
