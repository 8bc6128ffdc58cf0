-- name: possible_object_name_overflow
-- severity: warning
-- needs: catalog
-- fix: none
-- message: {kind} {object} has a name of 63 bytes, the most PostgreSQL keeps: a longer name given to it was cut without an error, and names built from it (partitions, indexes, constraints) are cut too
-- An object whose name is exactly 63 bytes long (NAMEDATALEN - 1), the longest PostgreSQL
-- stores. PostgreSQL cuts a longer identifier with only a NOTICE, so a name of exactly that
-- length was most likely cut: code that uses the full name still works (it is cut the same
-- way), but two long names can collide after the cut, and names derived from it lose their
-- suffix. Tables, indexes, sequences, views, constraints and functions are checked.
WITH named AS (
    SELECT CASE r.relkind WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' WHEN 'S' THEN 'sequence'
                          WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                          ELSE 'table' END AS kind,
           n.nspname, r.relname::text AS name, quote_ident(n.nspname) || '.' || quote_ident(r.relname)
               AS object,
           CASE WHEN r.relkind IN ('r', 'p') THEN r.oid ELSE NULL END AS table_oid
    FROM pg_catalog.pg_class AS r
    JOIN pg_catalog.pg_namespace AS n ON n.oid = r.relnamespace
    WHERE r.relkind IN ('r', 'p', 'i', 'I', 'S', 'v', 'm') AND NOT r.relispartition
      AND octet_length(r.relname) >= 63
      AND NOT EXISTS (
          SELECT FROM pg_catalog.pg_depend AS e
          WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = r.oid
            AND e.deptype = 'e'
      )
    UNION ALL
    SELECT 'constraint', n.nspname, c.conname::text,
           quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(c.conname),
           t.oid
    FROM pg_catalog.pg_constraint AS c
    JOIN pg_catalog.pg_class AS t ON t.oid = c.conrelid
    JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
    WHERE octet_length(c.conname) >= 63 AND c.conparentid = 0 AND NOT t.relispartition
      AND NOT EXISTS (
          SELECT FROM pg_catalog.pg_depend AS e
          WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid
            AND e.deptype = 'e'
      )
    UNION ALL
    SELECT 'function', n.nspname, p.proname::text,
           quote_ident(n.nspname) || '.' || quote_ident(p.proname)
               || '(' || pg_get_function_identity_arguments(p.oid) || ')',
           NULL
    FROM pg_catalog.pg_proc AS p
    JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
    WHERE octet_length(p.proname) >= 63
      AND NOT EXISTS (
          SELECT FROM pg_catalog.pg_depend AS e
          WHERE e.classid = 'pg_catalog.pg_proc'::regclass AND e.objid = p.oid
            AND e.deptype = 'e'
      )
)
SELECT CASE WHEN x.table_oid IS NOT NULL
            THEN (SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.relname)
                  FROM pg_catalog.pg_class AS t
                  JOIN pg_catalog.pg_namespace AS tn ON tn.oid = t.relnamespace
                  WHERE t.oid = x.table_oid) END AS table_name,
       ARRAY[x.object] AS objects,
       x.kind,
       x.object,
       octet_length(x.name) AS name_bytes
FROM named AS x
WHERE x.nspname !~ '^pg_' AND x.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR x.nspname = ANY (%(schemas)s::text[]))
ORDER BY 4;
