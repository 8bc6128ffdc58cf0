CREATE FUNCTION greet(who text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'hi ' || who $$;
COMMENT ON FUNCTION greet(text) IS 'greets';
