-- Unconstrained copies of every table of schema public, in schema plain, for
-- benchmarks/plain_copy.py: the same columns and defaults, and nothing else (no
-- index, no CHECK, no trigger, no foreign key, no partitioning). NOT NULL stays:
-- it is part of a column's type here, checked by COPY itself.
CREATE SCHEMA plain;
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.relname
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    LOOP
        EXECUTE format('CREATE TABLE plain.%I (LIKE public.%I INCLUDING DEFAULTS INCLUDING GENERATED)',
                       t.relname, t.relname);
    END LOOP;
END
$$;
