CREATE FUNCTION ensure_monthly_partitions(parent regclass, months_ahead integer DEFAULT 3,
    months_back integer DEFAULT 0) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    tbl name := (SELECT relname FROM pg_class WHERE oid = parent);
    start timestamp := date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => months_back);
    m timestamp;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                   WHERE i.inhparent = parent AND c.relname = tbl || '_default') THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF %s DEFAULT', tbl || '_default', parent);
    END IF;
    FOR i IN 0 .. months_back + months_ahead LOOP
        m := start + make_interval(months => i);
        IF to_regclass(format('%I', tbl || '_' || to_char(m, 'YYYY_MM'))) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                tbl || '_' || to_char(m, 'YYYY_MM'), parent,
                m AT TIME ZONE 'UTC', (m + interval '1 month') AT TIME ZONE 'UTC');
            RETURN NEXT tbl || '_' || to_char(m, 'YYYY_MM');
        END IF;
    END LOOP;
END $$;
CREATE TABLE audit (at timestamptz NOT NULL, what text) PARTITION BY RANGE (at);
SELECT ensure_monthly_partitions('audit', months_ahead => 1, months_back => 0);
