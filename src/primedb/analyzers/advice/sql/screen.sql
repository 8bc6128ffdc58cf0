-- Screening of index candidates with HypoPG, server-side: one round trip per candidate.

-- name: create_screen_function
-- pg_temp.primedb_screen(definition, statements): creates the hypothetical index, costs
-- each statement (literal SQL) with plain EXPLAIN, notes whether its plan reads the
-- index, and drops the index again. Lives in the session's temporary schema.
CREATE OR REPLACE FUNCTION pg_temp.primedb_screen(definition text, statements text[])
RETURNS TABLE (size_bytes bigint, costs float8[], used boolean[])
LANGUAGE plpgsql AS $$
DECLARE
    created record;
    plan json;
BEGIN
    SELECT h.indexrelid, h.indexname INTO created FROM hypopg_create_index(definition) AS h;
    size_bytes := hypopg_relation_size(created.indexrelid);
    costs := '{}';
    used := '{}';
    FOR i IN 1 .. coalesce(array_length(statements, 1), 0) LOOP
        EXECUTE 'EXPLAIN (FORMAT JSON) ' || statements[i] INTO plan;
        costs := costs || ((plan -> 0 -> 'Plan' ->> 'Total Cost')::float8);
        used := used || (strpos(plan::text, created.indexname) > 0);
    END LOOP;
    PERFORM hypopg_drop_index(created.indexrelid);
    RETURN NEXT;
END
$$;

-- name: screen
SELECT size_bytes, costs, used FROM pg_temp.primedb_screen(%(definition)s, %(statements)s);
