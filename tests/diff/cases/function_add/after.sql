CREATE FUNCTION add_one(n integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN n + 1;
CREATE FUNCTION shout(t text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN upper(t); END $$;
