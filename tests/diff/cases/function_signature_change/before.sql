CREATE TABLE docs (id int, body text, updated_at timestamptz);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE FUNCTION label(n integer) RETURNS text LANGUAGE sql IMMUTABLE RETURN 'n' || n;
CREATE TRIGGER docs_stamp BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION stamp();
