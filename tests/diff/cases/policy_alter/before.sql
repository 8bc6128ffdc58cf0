CREATE TABLE docs (id int, owner text);
CREATE POLICY docs_owner ON docs USING (owner = current_user);
