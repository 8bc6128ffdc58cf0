-- Screening of index candidates with HypoPG, server-side: many candidates per round trip.

-- name: create_screen_function
-- pg_temp.primedb_screen(jobs): for each job {"definition": ..., "statements": [...]},
-- creates the hypothetical index, costs each statement (literal SQL) with plain EXPLAIN,
-- notes whether its plan reads the index, and drops the index again. A candidate that
-- PostgreSQL refuses gives its error and no figures; the others go on. Lives in the
-- session's temporary schema.
CREATE OR REPLACE FUNCTION pg_temp.primedb_screen(jobs jsonb)
RETURNS TABLE (job integer, size_bytes bigint, costs float8[], used boolean[], error text)
LANGUAGE plpgsql AS $$
DECLARE
    item record;
    statement text;
    created_oid oid;
    created_name text;
    plan json;
BEGIN
    FOR item IN SELECT j.value, j.ordinality FROM jsonb_array_elements(jobs) WITH ORDINALITY AS j
    LOOP
        job := item.ordinality;
        created_oid := NULL;
        costs := '{}';
        used := '{}';
        size_bytes := NULL;
        error := NULL;
        BEGIN
            SELECT h.indexrelid, h.indexname INTO created_oid, created_name
            FROM hypopg_create_index(item.value ->> 'definition') AS h;
            size_bytes := hypopg_relation_size(created_oid);
            FOR statement IN SELECT jsonb_array_elements_text(item.value -> 'statements') LOOP
                EXECUTE 'EXPLAIN (FORMAT JSON) ' || statement INTO plan;
                costs := costs || ((plan -> 0 -> 'Plan' ->> 'Total Cost')::float8);
                used := used || (strpos(plan::text, created_name) > 0);
            END LOOP;
        EXCEPTION WHEN others THEN
            error := SQLERRM;
        END;
        IF created_oid IS NOT NULL THEN
            PERFORM hypopg_drop_index(created_oid);
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;

-- name: screen
SELECT job, size_bytes, costs, used, error FROM pg_temp.primedb_screen(%(jobs)s) ORDER BY job;
