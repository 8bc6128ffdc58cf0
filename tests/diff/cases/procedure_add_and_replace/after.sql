CREATE TABLE log (msg text);
CREATE PROCEDURE note(m text) LANGUAGE sql AS $$ INSERT INTO log VALUES (upper(m)) $$;
CREATE PROCEDURE wipe() LANGUAGE sql AS $$ DELETE FROM log $$;
COMMENT ON PROCEDURE wipe() IS 'empties the log';
