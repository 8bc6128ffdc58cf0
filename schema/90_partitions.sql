-- Monthly partitions of the unbounded tables (audit_logs, usage_records).
--
-- Months are UTC calendar months; a partition is named <parent>_YYYY_MM and
-- holds [first instant of the month, first instant of the next) in UTC, so
-- names and bounds do not depend on the session's TimeZone.
--
-- Run ensure_monthly_partitions() daily from a scheduler (pg_cron, a systemd
-- timer, the application) so the coming months always exist; rows that still
-- fall outside every month land in the DEFAULT partition rather than failing.
-- Retention is drop_partitions_older_than(): DETACH + DROP of whole months,
-- instant and without bloat, never a DELETE.

-- The partition key column of a table partitioned by range on one timestamptz
-- column, or an error naming what is wrong.
CREATE FUNCTION monthly_partition_key(parent regclass) RETURNS name
LANGUAGE plpgsql STABLE AS $$
DECLARE
    key name;
BEGIN
    SELECT a.attname INTO key
    FROM pg_catalog.pg_partitioned_table p
    JOIN pg_catalog.pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
    WHERE p.partrelid = parent AND p.partstrat = 'r' AND p.partnatts = 1
      AND a.atttypid = 'timestamptz'::regtype;
    IF key IS NULL THEN
        RAISE EXCEPTION '% is not partitioned by range on one timestamptz column', parent
            USING ERRCODE = 'wrong_object_type';
    END IF;
    RETURN key;
END
$$;

-- Creates the DEFAULT partition (<parent>_default) if missing, and the monthly
-- partitions from months_back months before the month of `anchor` to
-- months_ahead months after it (so months_back + 1 + months_ahead months).
-- A partition takes its parent's privileges (copy_table_privileges below): a
-- query through the parent needs none on the partition, but a role that may
-- read the parent should read the rows an error message quotes from one.
CREATE FUNCTION copy_table_privileges(source regclass, target regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    entry record;
BEGIN
    FOR entry IN
        SELECT a.grantee, a.privilege_type, a.is_grantable
        FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
        WHERE c.oid = source AND a.grantee <> c.relowner
    LOOP
        EXECUTE format('GRANT %s ON %s TO %s%s', entry.privilege_type, target,
                       CASE WHEN entry.grantee = 0 THEN 'PUBLIC'
                            ELSE quote_ident(pg_catalog.pg_get_userbyid(entry.grantee)) END,
                       CASE WHEN entry.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
END
$$;
COMMENT ON FUNCTION copy_table_privileges(regclass, regclass) IS
    'Grants on target what is granted on source (the owner''s own privileges aside).';

-- Idempotent: a month whose partition exists is skipped. Rows of a new month
-- already sitting in the DEFAULT partition are moved into it. Returns the names
-- of the partitions it created.
CREATE FUNCTION ensure_monthly_partitions(
    parent regclass,
    months_ahead integer DEFAULT 3,
    months_back integer DEFAULT 0,
    anchor timestamptz DEFAULT now()
) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    key name := monthly_partition_key(parent);
    sch name;
    tbl name;
    default_rel regclass;
    first_month timestamp;  -- UTC wall-clock month starts, as timestamp
    month_start timestamp;
    lo timestamptz;
    hi timestamptz;
    part name;
    existing oid;
    has_rows boolean;
    disabled name[];
    trg name;
BEGIN
    IF months_ahead < 0 OR months_back < 0 THEN
        RAISE EXCEPTION 'months_ahead and months_back must not be negative'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT n.nspname, c.relname INTO sch, tbl
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.oid = parent;

    SELECT nullif(p.partdefid, 0)::regclass INTO default_rel
    FROM pg_catalog.pg_partitioned_table p WHERE p.partrelid = parent;
    IF default_rel IS NULL THEN
        part := tbl || '_default';
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s DEFAULT', sch, part, parent);
        default_rel := format('%I.%I', sch, part)::regclass;
        PERFORM copy_table_privileges(parent, default_rel);
        RETURN NEXT part;
    END IF;

    first_month := date_trunc('month', anchor AT TIME ZONE 'UTC') - make_interval(months => months_back);
    FOR i IN 0 .. months_back + months_ahead LOOP
        month_start := first_month + make_interval(months => i);
        lo := month_start AT TIME ZONE 'UTC';
        hi := (month_start + interval '1 month') AT TIME ZONE 'UTC';
        part := format('%s_%s', tbl, to_char(month_start, 'YYYY_MM'));

        SELECT c.oid INTO existing
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = sch AND c.relname = part;
        IF existing IS NOT NULL THEN
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits
                           WHERE inhrelid = existing AND inhparent = parent) THEN
                RAISE EXCEPTION '%.% exists but is not a partition of %', sch, part, parent
                    USING ERRCODE = 'duplicate_table';
            END IF;
            CONTINUE;
        END IF;

        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I >= $1 AND %I < $2)',
                       default_rel, key, key)
            INTO STRICT has_rows USING lo, hi;
        IF has_rows THEN
            -- PostgreSQL refuses a new partition while the DEFAULT partition
            -- holds rows of its range: park them, create, put them back (they
            -- route to the new partition). Row triggers of the DEFAULT
            -- partition (audit_logs_append_only) are off for the move only.
            SELECT array_agg(t.tgname) INTO disabled FROM pg_catalog.pg_trigger t
            WHERE t.tgrelid = default_rel AND NOT t.tgisinternal AND t.tgenabled <> 'D';
            FOREACH trg IN ARRAY coalesce(disabled, '{}') LOOP
                EXECUTE format('ALTER TABLE %s DISABLE TRIGGER %I', default_rel, trg);
            END LOOP;
            EXECUTE format('CREATE TEMP TABLE primedb_partition_move ON COMMIT DROP AS '
                           'WITH moved AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 RETURNING *) '
                           'SELECT * FROM moved', default_rel, key, key)
                USING lo, hi;
            FOREACH trg IN ARRAY coalesce(disabled, '{}') LOOP
                EXECUTE format('ALTER TABLE %s ENABLE TRIGGER %I', default_rel, trg);
            END LOOP;
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                           sch, part, parent, lo, hi);
            EXECUTE format('INSERT INTO %s SELECT * FROM primedb_partition_move', parent);
            DROP TABLE primedb_partition_move;
        ELSE
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                           sch, part, parent, lo, hi);
        END IF;
        PERFORM copy_table_privileges(parent, format('%I.%I', sch, part)::regclass);
        RETURN NEXT part;
    END LOOP;
END
$$;
COMMENT ON FUNCTION ensure_monthly_partitions(regclass, integer, integer, timestamptz) IS
    'Creates <parent>_default and the monthly partitions <parent>_YYYY_MM (UTC) around anchor; idempotent.';

-- Retention: detaches and drops every monthly partition whose whole range ends
-- on or before the start of the month `keep_months` months before the month of
-- `anchor`. keep_months => 12 in November 2026 keeps November 2025 to the
-- current month and drops October 2025 and older. The DEFAULT partition is
-- never dropped. Returns the names of the dropped partitions.
-- (DETACH here takes a brief ACCESS EXCLUSIVE lock on the parent; on a busy
-- server run `ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY` outside a
-- transaction block first, then this function drops nothing but what is left.)
CREATE FUNCTION drop_partitions_older_than(
    parent regclass, keep_months integer, anchor timestamptz DEFAULT now()
) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    cutoff timestamptz;
    part regclass;
    part_name text;
    upper_bound timestamptz;
BEGIN
    PERFORM monthly_partition_key(parent);
    IF keep_months < 0 THEN
        RAISE EXCEPTION 'keep_months must not be negative' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    cutoff := (date_trunc('month', anchor AT TIME ZONE 'UTC') - make_interval(months => keep_months))
              AT TIME ZONE 'UTC';
    FOR part, upper_bound IN
        SELECT c.oid::regclass,
               -- "FOR VALUES FROM ('...') TO ('...')": the literal carries its
               -- UTC offset, so the cast back is exact in any TimeZone.
               substring(pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM $re$TO \('([^']+)'\)$re$)::timestamptz
        FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = parent
          AND pg_catalog.pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
        ORDER BY 2
    LOOP
        CONTINUE WHEN upper_bound IS NULL OR upper_bound > cutoff;
        part_name := part::text;
        EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent, part);
        EXECUTE format('DROP TABLE %s', part);
        RETURN NEXT part_name;
    END LOOP;
END
$$;
COMMENT ON FUNCTION drop_partitions_older_than(regclass, integer, timestamptz) IS
    'Retention: DETACH + DROP the monthly partitions that end before the cutoff month (never the DEFAULT).';

-- Maintenance is the owner's (its scheduler's), not the application's.
REVOKE EXECUTE ON FUNCTION copy_table_privileges(regclass, regclass) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ensure_monthly_partitions(regclass, integer, integer, timestamptz)
    FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION drop_partitions_older_than(regclass, integer, timestamptz)
    FROM PUBLIC;

-- From the start: the 12 previous months (so a seed can load a year of
-- history into real partitions), the current month and the next 3.
SELECT ensure_monthly_partitions('audit_logs', months_ahead => 3, months_back => 12);
SELECT ensure_monthly_partitions('usage_records', months_ahead => 3, months_back => 12);
