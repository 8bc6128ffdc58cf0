-- name: columns_with_timestamp_or_timetz_type
-- severity: warning
-- needs: catalog
-- fix: timestamp_to_timestamptz
-- message: {column} is {type}: {msg_why}
-- A column of type timestamp (without time zone) or timetz. timestamp stores a wall-clock
-- reading with no zone: the same instant is written differently by clients in different
-- zones, and around daylight-saving changes an hour repeats or vanishes; timestamptz
-- stores the instant and shows it in the session's zone. timetz is a time of day with a
-- fixed UTC offset but no date, so it cannot follow daylight saving at all; PostgreSQL's
-- own documentation advises against it.
SELECT quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS table_name,
       ARRAY[quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)]
           AS objects,
       quote_ident(n.nspname) || '.' || quote_ident(t.relname) || '.' || quote_ident(a.attname)
           AS column,
       format_type(a.atttypid, a.atttypmod) AS type,
       CASE WHEN a.atttypid = 'pg_catalog.timestamp'::regtype
            THEN 'a wall-clock time without its zone; use timestamptz, which stores the instant'
            ELSE 'a time of day with a fixed offset and no date cannot follow daylight saving; '
                 || 'use timestamptz (or time and a zone name)' END AS msg_why,
       n.nspname AS fix_schema, t.relname AS fix_table, a.attname AS fix_column,
       format_type(a.atttypid, NULL) AS fix_from
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS t ON t.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE a.atttypid IN ('pg_catalog.timestamp'::regtype, 'pg_catalog.timetz'::regtype)
  AND a.attnum > 0 AND NOT a.attisdropped
  AND t.relkind IN ('r', 'p') AND NOT t.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e'
  )
ORDER BY 1, 3;
