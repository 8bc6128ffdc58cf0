-- name: dependencies
-- What each object needs, from pg_depend (normal and automatic dependencies),
-- as pairs of keys. Defaults and rules stand for their table or view, domain
-- checks for their domain, array and row types for their element or relation,
-- members of an extension for the extension; a composite type's relation
-- stands for the type. A sequence's OWNED BY is left
-- out: the sequence comes before the table whose default calls it, and the
-- ownership is set after the table exists.
-- Where pg_depend names a table column (a view, index, constraint, trigger or
-- policy using it; a column's type, default or generation expression), a
-- second row gives the column's own key ('column', schema, table, column),
-- so the diff knows which objects a change of that one column touches.
WITH ns AS (
  SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace AS n
  WHERE left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
), members AS (
  SELECT d.classid, d.objid, ARRAY['extension', x.extname] AS key
  FROM pg_catalog.pg_depend AS d
  JOIN pg_catalog.pg_extension AS x ON x.oid = d.refobjid
  WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
), relations AS (
  SELECT c.oid,
         ARRAY[CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view'
                              WHEN 'S' THEN 'sequence' WHEN 'i' THEN 'index' WHEN 'I' THEN 'index'
                              WHEN 'c' THEN 'composite_type' ELSE 'table' END,
               ns.nspname, c.relname] AS key
  FROM pg_catalog.pg_class AS c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I', 'c')
), objects AS (
  SELECT 'pg_catalog.pg_class'::pg_catalog.regclass AS classid, r.oid AS objid, r.key
  FROM relations AS r
  UNION ALL
  SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid,
         CASE WHEN b.typtype = 'e' THEN ARRAY['enum', ns.nspname, b.typname]
              WHEN b.typtype = 'd' THEN ARRAY['domain', ns.nspname, b.typname]
              ELSE rel.key END
  FROM pg_catalog.pg_type AS t
  JOIN pg_catalog.pg_type AS b
    ON b.oid = CASE WHEN t.typelem <> 0
                     AND t.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc
                    THEN t.typelem ELSE t.oid END
  JOIN ns ON ns.oid = b.typnamespace
  LEFT JOIN relations AS rel ON rel.oid = b.typrelid
  WHERE b.typtype IN ('e', 'd') OR rel.key IS NOT NULL
  UNION ALL
  SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid,
         ARRAY[CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                              ELSE 'function' END, ns.nspname,
               p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')']
  FROM pg_catalog.pg_proc AS p JOIN ns ON ns.oid = p.pronamespace
  UNION ALL
  SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, k.oid,
         CASE WHEN k.contypid <> 0 THEN ARRAY['domain', ns.nspname, t.typname]
              ELSE ARRAY['constraint', ns.nspname, c.relname, k.conname] END
  FROM pg_catalog.pg_constraint AS k
  JOIN ns ON ns.oid = k.connamespace
  LEFT JOIN pg_catalog.pg_class AS c ON c.oid = k.conrelid
  LEFT JOIN pg_catalog.pg_type AS t ON t.oid = k.contypid
  WHERE k.contype <> 't'
  UNION ALL
  SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, g.oid,
         ARRAY['trigger', ns.nspname, c.relname, g.tgname]
  FROM pg_catalog.pg_trigger AS g
  JOIN pg_catalog.pg_class AS c ON c.oid = g.tgrelid
  JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass, p.oid,
         ARRAY['policy', ns.nspname, c.relname, p.polname]
  FROM pg_catalog.pg_policy AS p
  JOIN pg_catalog.pg_class AS c ON c.oid = p.polrelid
  JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, w.oid, rel.key
  FROM pg_catalog.pg_rewrite AS w JOIN relations AS rel ON rel.oid = w.ev_class
  UNION ALL
  SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, d.oid, rel.key
  FROM pg_catalog.pg_attrdef AS d JOIN relations AS rel ON rel.oid = d.adrelid
  UNION ALL
  SELECT 'pg_catalog.pg_collation'::pg_catalog.regclass, c.oid,
         ARRAY['collation', ns.nspname, c.collname]
  FROM pg_catalog.pg_collation AS c JOIN ns ON ns.oid = c.collnamespace
  UNION ALL
  SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass, ns.oid, ARRAY['schema', ns.nspname]
  FROM ns
  UNION ALL
  SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass, x.oid, ARRAY['extension', x.extname]
  FROM pg_catalog.pg_extension AS x
), keyed AS (
  SELECT m.classid, m.objid, m.key FROM members AS m
  UNION ALL
  SELECT o.classid, o.objid, o.key FROM objects AS o
  WHERE NOT EXISTS (SELECT 1 FROM members AS m WHERE m.classid = o.classid AND m.objid = o.objid)
), columns AS (
  SELECT c.oid AS relid, a.attnum, ARRAY['column', ns.nspname, c.relname, a.attname] AS key
  FROM pg_catalog.pg_class AS c
  JOIN ns ON ns.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid
  WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
), column_objects AS (
  -- a column itself (its type), and its default or generation expression
  SELECT 'pg_catalog.pg_class'::pg_catalog.regclass AS classid, col.relid AS objid,
         col.attnum AS subid, col.key
  FROM columns AS col
  UNION ALL
  SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, ad.oid, 0, col.key
  FROM pg_catalog.pg_attrdef AS ad
  JOIN columns AS col ON col.relid = ad.adrelid AND col.attnum = ad.adnum
), pairs AS (
  SELECT o.key AS object, r.key AS needs, d.deptype, d.refclassid
  FROM pg_catalog.pg_depend AS d
  JOIN keyed AS o ON o.classid = d.classid AND o.objid = d.objid
  JOIN keyed AS r ON r.classid = d.refclassid AND r.objid = d.refobjid
  WHERE d.deptype IN ('n', 'a')
  UNION ALL
  SELECT o.key, col.key, d.deptype, d.refclassid
  FROM pg_catalog.pg_depend AS d
  JOIN keyed AS o ON o.classid = d.classid AND o.objid = d.objid
  JOIN columns AS col ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                     AND col.relid = d.refobjid AND col.attnum = d.refobjsubid
  WHERE d.deptype IN ('n', 'a') AND d.refobjsubid > 0
    AND NOT (d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = d.refobjid)
    AND d.classid <> 'pg_catalog.pg_attrdef'::pg_catalog.regclass
  UNION ALL
  SELECT co.key, r.key, d.deptype, d.refclassid
  FROM pg_catalog.pg_depend AS d
  JOIN column_objects AS co ON co.classid = d.classid AND co.objid = d.objid
                           AND co.subid = d.objsubid
  JOIN keyed AS r ON r.classid = d.refclassid AND r.objid = d.refobjid
  WHERE d.deptype IN ('n', 'a')
  UNION ALL
  SELECT co.key, col.key, d.deptype, d.refclassid
  FROM pg_catalog.pg_depend AS d
  JOIN column_objects AS co ON co.classid = d.classid AND co.objid = d.objid
                           AND co.subid = d.objsubid
  JOIN columns AS col ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                     AND col.relid = d.refobjid AND col.attnum = d.refobjsubid
  WHERE d.deptype IN ('n', 'a') AND d.refobjsubid > 0
)
SELECT DISTINCT p.object, p.needs
FROM pairs AS p
WHERE p.object <> p.needs
  -- a column and its own table: implied
  AND NOT (p.object[1] = 'column' AND p.needs[1] = 'table'
           AND p.needs[2:3] = p.object[2:3])
  AND NOT (p.object[1] = 'sequence' AND p.deptype = 'a'
           AND p.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass)
ORDER BY 1, 2;
