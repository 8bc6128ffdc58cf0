-- name: sequence_overflow
-- severity: error
-- needs: sequences
-- fix: sequence_to_bigint
-- message: {sequence} has used {used:pct} of its range ({last_value} of {limit}{msg_limit_source}): inserts fail when it runs out
-- A sequence past `sequence_max_used` of its range: its last value against the largest
-- value it may reach, which is the smaller of the sequence's own maximum and the maximum of
-- the column it feeds (a bigint sequence behind an integer column overflows the column at
-- 2147483647). When it runs out, every insert that draws from it fails. The fix widens the
-- column and the sequence to bigint, lifting a maximum set by hand (check why it was set).
-- Sequences never used (no last value) are not judged.
WITH seqs AS (
    SELECT s.oid, s.relname, n.nspname, q.seqmin, q.seqmax, q.seqincrement,
           pg_sequence_last_value(s.oid) AS last_value,
           col.attname, col.atttypid, col.table_name, col.table_relname
    FROM pg_catalog.pg_class AS s
    JOIN pg_catalog.pg_namespace AS n ON n.oid = s.relnamespace
    JOIN pg_catalog.pg_sequence AS q ON q.seqrelid = s.oid
    LEFT JOIN LATERAL (
        -- the column the sequence belongs to (serial: auto, identity: internal dependency)
        SELECT a.attname, a.atttypid, t.relname AS table_relname,
               quote_ident(tn.nspname) || '.' || quote_ident(t.relname) AS table_name
        FROM pg_catalog.pg_depend AS d
        JOIN pg_catalog.pg_class AS t ON t.oid = d.refobjid
        JOIN pg_catalog.pg_namespace AS tn ON tn.oid = t.relnamespace
        JOIN pg_catalog.pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid
          AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
          AND d.refobjsubid > 0
        LIMIT 1
    ) AS col ON true
    WHERE s.relkind = 'S'
      AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
      AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
      AND NOT EXISTS (
          SELECT FROM pg_catalog.pg_depend AS e
          WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = s.oid
            AND e.deptype = 'e'
      )
),
limits AS (
    SELECT seqs.*,
           CASE WHEN seqincrement > 0
                THEN least(seqmax, CASE atttypid WHEN 'pg_catalog.int2'::regtype THEN 32767
                                                 WHEN 'pg_catalog.int4'::regtype THEN 2147483647
                                                 ELSE seqmax END)
                ELSE greatest(seqmin, CASE atttypid WHEN 'pg_catalog.int2'::regtype THEN -32768
                                                    WHEN 'pg_catalog.int4'::regtype THEN -2147483648
                                                    ELSE seqmin END) END AS limit_value,
           CASE WHEN seqincrement > 0 THEN seqmin ELSE seqmax END AS start_value
    FROM seqs
    WHERE last_value IS NOT NULL
)
SELECT l.table_name,
       ARRAY[quote_ident(l.nspname) || '.' || quote_ident(l.relname)] AS objects,
       quote_ident(l.nspname) || '.' || quote_ident(l.relname) AS sequence,
       l.last_value,
       l.limit_value AS limit,
       CASE WHEN l.attname IS NULL THEN ''
            ELSE ', the limit of ' || format_type(l.atttypid, NULL) || ' column '
                 || l.table_name || '.' || quote_ident(l.attname) END AS msg_limit_source,
       round((l.last_value - l.start_value)::numeric
             / nullif(l.limit_value - l.start_value, 0), 4) AS used,
       l.nspname AS fix_schema, l.relname AS fix_sequence, l.table_relname AS fix_table,
       l.attname AS fix_column,
       l.atttypid IN ('pg_catalog.int2'::regtype, 'pg_catalog.int4'::regtype) AS fix_widen_column,
       -- the sequence itself limits: a type narrower than bigint, or a maximum set below it
       (SELECT q.seqtypid <> 'pg_catalog.int8'::regtype
               OR (q.seqincrement > 0 AND q.seqmax < 9223372036854775807)
               OR (q.seqincrement < 0 AND q.seqmin > -9223372036854775808)
        FROM pg_catalog.pg_sequence AS q WHERE q.seqrelid = l.oid) AS fix_widen_sequence,
       l.seqincrement < 0 AS fix_descending
FROM limits AS l
WHERE (l.last_value - l.start_value)::numeric / nullif(l.limit_value - l.start_value, 0)
      >= %(sequence_max_used)s
ORDER BY 3;
