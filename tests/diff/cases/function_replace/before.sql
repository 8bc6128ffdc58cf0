CREATE FUNCTION greet(who text) RETURNS text LANGUAGE sql AS $$ SELECT 'hello ' || who $$;
