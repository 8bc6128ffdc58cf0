-- name: indexes
-- Indexes of tables and materialized views, each key column with its
-- expression, operator class (when not the default), collation (when not the
-- column's) and ordering bits (1 = DESC, 2 = NULLS FIRST). Indexes attached to
-- a partitioned table's index are implied by it: they are not objects of their
-- own, but their names are listed with it (`partitions`: schema, partition,
-- index), since PostgreSQL chooses them and a migration must give the same.
SELECT n.nspname AS schema, ic.relname AS name, c.relname AS relation, c.relkind AS relkind,
       am.amname AS method, i.indisunique AS is_unique,
       i.indnullsnotdistinct AS nulls_not_distinct,
       (SELECT json_agg(json_build_object(
                 'expression', pg_catalog.pg_get_indexdef(i.indexrelid, k.n, false),
                 'is_expression', i.indkey[k.n - 1] = 0,
                 'opclass', CASE WHEN NOT o.opcdefault THEN
                   CASE WHEN opn.nspname = 'pg_catalog' THEN pg_catalog.quote_ident(o.opcname)
                        ELSE pg_catalog.quote_ident(opn.nspname) || '.'
                             || pg_catalog.quote_ident(o.opcname)
                   END
                 END,
                 'collation', CASE WHEN i.indcollation[k.n - 1] <> 0
                     AND i.indcollation[k.n - 1] <> coalesce(ta.attcollation, ty.typcollation) THEN
                   CASE WHEN coln.nspname = 'pg_catalog' THEN pg_catalog.quote_ident(co.collname)
                        ELSE pg_catalog.quote_ident(coln.nspname) || '.'
                             || pg_catalog.quote_ident(co.collname)
                   END
                 END,
                 'option', i.indoption[k.n - 1])
               ORDER BY k.n)
        FROM pg_catalog.generate_series(1, i.indnkeyatts) AS k(n)
        JOIN pg_catalog.pg_attribute AS ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.n
        JOIN pg_catalog.pg_type AS ty ON ty.oid = ia.atttypid
        LEFT JOIN pg_catalog.pg_attribute AS ta
          ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[k.n - 1] AND i.indkey[k.n - 1] <> 0
        LEFT JOIN pg_catalog.pg_opclass AS o ON o.oid = i.indclass[k.n - 1]
        LEFT JOIN pg_catalog.pg_namespace AS opn ON opn.oid = o.opcnamespace
        LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = i.indcollation[k.n - 1]
        LEFT JOIN pg_catalog.pg_namespace AS coln ON coln.oid = co.collnamespace) AS key_columns,
       ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, false)
             FROM pg_catalog.generate_series(i.indnkeyatts + 1, i.indnatts) AS k
             ORDER BY k) AS include,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       coalesce(ic.reloptions, '{}') AS options,
       (SELECT k.conname FROM pg_catalog.pg_constraint AS k
        WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
          AND k.contype IN ('p', 'u', 'x')) AS constraint_name,
       i.indisclustered AS clustered, i.indisvalid AS valid,
       (WITH RECURSIVE tree AS (
          SELECT h.inhrelid AS child FROM pg_catalog.pg_inherits AS h
          WHERE h.inhparent = i.indexrelid
          UNION ALL
          SELECT h.inhrelid FROM pg_catalog.pg_inherits AS h JOIN tree ON h.inhparent = tree.child)
        SELECT coalesce(json_agg(json_build_array(pn.nspname, pt.relname, pc.relname)
                                 ORDER BY pn.nspname, pt.relname), '[]')
        FROM tree
        JOIN pg_catalog.pg_class AS pc ON pc.oid = tree.child
        JOIN pg_catalog.pg_index AS px ON px.indexrelid = tree.child
        JOIN pg_catalog.pg_class AS pt ON pt.oid = px.indrelid
        JOIN pg_catalog.pg_namespace AS pn ON pn.oid = pt.relnamespace) AS partitions,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
       pg_catalog.obj_description(i.indexrelid, 'pg_class') AS comment
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class AS c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam
WHERE c.relkind IN ('r', 'p', 'm')
  AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits AS h WHERE h.inhrelid = i.indexrelid)
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND x.objid IN (c.oid, i.indexrelid) AND x.deptype = 'e')
ORDER BY n.nspname, ic.relname;
