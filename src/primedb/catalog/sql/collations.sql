-- name: collations
-- Collations of the user schemas (not those of extensions): provider, locale
-- (ICU) or lc_collate and lc_ctype (libc), determinism, comment.
SELECT n.nspname AS schema, c.collname AS name, c.collprovider AS provider,
       c.colliculocale AS locale, c.collcollate AS lc_collate, c.collctype AS lc_ctype,
       c.collisdeterministic AS deterministic,
       pg_catalog.obj_description(c.oid, 'pg_collation') AS comment
FROM pg_catalog.pg_collation AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.collnamespace
WHERE left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend AS x
    WHERE x.classid = 'pg_catalog.pg_collation'::pg_catalog.regclass
      AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.collname;
