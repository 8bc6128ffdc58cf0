CREATE TABLE docs (id int, body text, updated_at timestamptz);
CREATE FUNCTION stamp_docs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := clock_timestamp(); RETURN NEW; END $$;
CREATE FUNCTION label(n bigint) RETURNS text LANGUAGE sql IMMUTABLE RETURN 'n' || n;
CREATE TRIGGER docs_stamp BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION stamp_docs();
