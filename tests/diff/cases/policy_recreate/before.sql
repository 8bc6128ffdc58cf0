CREATE TABLE docs (id int, owner text);
CREATE POLICY docs_owner ON docs FOR SELECT USING (owner = current_user);
