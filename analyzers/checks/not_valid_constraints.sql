-- name: not_valid_constraints
-- severity: warning
-- needs: catalog
-- fix: validate_constraint
-- message: {kind} {constraint} of {table_name} is NOT VALID: new rows obey it, rows written before it was added were never checked
-- A CHECK or FOREIGN KEY constraint added NOT VALID and never validated. NOT VALID is the
-- online way to add one (no scan under a lock), but it is half of it: until VALIDATE
-- CONSTRAINT, old rows may break the rule, and the planner cannot rely on a CHECK that is
-- not valid (constraint exclusion, NOT NULL proofs). VALIDATE scans the table while reads
-- and writes go on.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.'
             || quote_ident(c.conname)] AS objects,
       c.conname AS constraint,
       CASE c.contype WHEN 'f' THEN 'foreign key' ELSE 'check' END AS kind,
       pg_get_constraintdef(c.oid) AS definition,
       n.nspname AS fix_schema, t.relname AS fix_table, c.conname AS fix_constraint
FROM pg_catalog.pg_constraint AS c
JOIN pg_catalog.pg_class AS t ON t.oid = c.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE NOT c.convalidated AND c.contype IN ('c', 'f') AND c.conparentid = 0 AND c.conislocal
  AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
