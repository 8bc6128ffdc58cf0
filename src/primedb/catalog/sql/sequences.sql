-- name: sequences
-- Stand-alone sequences (identity sequences belong to their column) with the
-- column that owns them, if any.
SELECT n.nspname AS schema, c.relname AS name,
       pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart AS start, s.seqincrement AS increment, s.seqmin AS minimum,
       s.seqmax AS maximum, s.seqcache AS cache, s.seqcycle AS cycle,
       c.relpersistence AS persistence,
       (SELECT ARRAY[tn.nspname, t.relname, a.attname]
        FROM pg_catalog.pg_depend AS d
        JOIN pg_catalog.pg_class AS t ON t.oid = d.refobjid
        JOIN pg_catalog.pg_namespace AS tn ON tn.oid = t.relnamespace
        JOIN pg_catalog.pg_attribute AS a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
          AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND d.deptype = 'a' AND d.refobjsubid > 0) AS owned_by,
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_sequence AS s
JOIN pg_catalog.pg_class AS c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS d
    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
      AND d.deptype IN ('e', 'i'))
ORDER BY n.nspname, c.relname;
