-- Tables (plain, partitioned, partitions) and the columns of tables and views.

-- name: tables
-- Each table with its persistence, storage parameters (the TOAST table's as
-- toast.*), partition key, parent and bound, the parents it inherits from (in
-- order, as JSON [schema, name]), and row-level security flags.
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS relkind,
       c.relpersistence AS persistence,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
       (SELECT ARRAY[pn.nspname, p.relname]
        FROM pg_catalog.pg_inherits AS i
        JOIN pg_catalog.pg_class AS p ON p.oid = i.inhparent
        JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.relnamespace
        WHERE i.inhrelid = c.oid AND c.relispartition) AS parent,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END
         AS partition_bound,
       coalesce((SELECT json_agg(json_build_array(pn.nspname, p.relname) ORDER BY i.inhseqno)
                 FROM pg_catalog.pg_inherits AS i
                 JOIN pg_catalog.pg_class AS p ON p.oid = i.inhparent
                 JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.relnamespace
                 WHERE i.inhrelid = c.oid AND NOT c.relispartition), '[]') AS inherits,
       c.relrowsecurity AS rls_enabled, c.relforcerowsecurity AS rls_forced,
       coalesce(c.reloptions, '{}')
         || ARRAY(SELECT 'toast.' || o FROM pg_catalog.unnest(tc.reloptions) AS o) AS options,
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class AS tc ON tc.oid = c.reltoastrelid
WHERE c.relkind IN ('r', 'p')
  AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname;

-- name: columns
-- The columns of tables, views and materialized views: type, NOT NULL,
-- default or generation expression, identity with its sequence's numbers,
-- collation when not the type's, statistics target, comment.
SELECT n.nspname AS schema, c.relname AS relation, c.relkind AS relkind,
       a.attname AS name, a.attnum AS position,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null,
       CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END
         AS default_value,
       CASE WHEN a.attgenerated = 's' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END
         AS generated,
       a.attidentity AS identity,
       sc.relname AS identity_sequence,
       s.seqstart AS start, s.seqincrement AS increment, s.seqmin AS minimum,
       s.seqmax AS maximum, s.seqcache AS cache, s.seqcycle AS cycle,
       CASE WHEN a.attcollation <> t.typcollation THEN
         CASE WHEN cn.nspname = 'pg_catalog' THEN pg_catalog.quote_ident(co.collname)
              ELSE pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
         END
       END AS collation,
       nullif(a.attstattarget, -1) AS statistics,
       pg_catalog.col_description(c.oid, a.attnum) AS comment
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace AS cn ON cn.oid = co.collnamespace
LEFT JOIN pg_catalog.pg_depend AS sd
  ON a.attidentity <> ''
  AND sd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND sd.refobjid = a.attrelid
  AND sd.refobjsubid = a.attnum AND sd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND sd.deptype = 'i'
LEFT JOIN pg_catalog.pg_sequence AS s ON s.seqrelid = sd.objid
LEFT JOIN pg_catalog.pg_class AS sc ON sc.oid = s.seqrelid
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
  AND left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname, a.attnum;
