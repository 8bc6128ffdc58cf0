-- name: foreign_keys_with_null_values
-- severity: warning
-- needs: catalog
-- fix: nulls_together
-- message: foreign key {constraint} ({columns:list}) is MATCH SIMPLE with {nullable:list} nullable: a row with some of them NULL and others not is never checked, so it can point at nothing
-- A multicolumn foreign key, MATCH SIMPLE (the default), with two or more columns that
-- allow NULL. MATCH SIMPLE skips the check for a row with any NULL among the key's
-- columns, so a row with one of them NULL and another set refers to no row and nothing
-- says so. With a single nullable column that is the intended "no reference" (the tenant
-- column of a composite key stays set), and it is not reported. The fix is a CHECK that
-- the nullable columns are NULL together (with it, the key is not reported); MATCH FULL
-- says the same when all are nullable.
WITH fk AS (
    SELECT c.oid, c.conname, c.conrelid, t.relname, n.nspname,
           ARRAY(
               SELECT a.attname::text
               FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
               JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
               ORDER BY k.position
           ) AS columns,
           ARRAY(
               SELECT a.attname::text
               FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
               JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
               WHERE NOT a.attnotnull
               ORDER BY k.position
           ) AS nullable
    FROM pg_catalog.pg_constraint AS c
    JOIN pg_catalog.pg_class AS t ON t.oid = c.conrelid
    JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND c.conparentid = 0 AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
      AND c.confmatchtype <> 'f' AND cardinality(c.conkey) > 1
)
SELECT quote_ident(fk.nspname) || '.' || quote_ident(fk.relname) AS table_name,
       ARRAY[quote_ident(fk.nspname) || '.' || quote_ident(fk.relname) || '.'
             || quote_ident(fk.conname)] AS objects,
       fk.conname AS constraint,
       fk.columns,
       fk.nullable,
       pg_get_constraintdef(fk.oid) AS definition,
       fk.nspname AS fix_schema, fk.relname AS fix_table, fk.conname AS fix_constraint,
       fk.nullable AS fix_columns
FROM fk
WHERE cardinality(fk.nullable) >= 2
  -- not already held together by a CHECK on num_nulls() of those columns (the fix)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_constraint AS ck
      WHERE ck.conrelid = fk.conrelid AND ck.contype = 'c' AND ck.convalidated
        AND strpos(pg_get_constraintdef(ck.oid),
                   'num_nulls(' || (SELECT string_agg(quote_ident(c), ', ')
                                    FROM unnest(fk.nullable) AS c) || ')') > 0
  )
ORDER BY 1, 3;
