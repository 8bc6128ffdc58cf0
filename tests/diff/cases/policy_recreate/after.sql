CREATE TABLE docs (id int, owner text);
CREATE POLICY docs_owner ON docs AS RESTRICTIVE FOR UPDATE USING (owner = current_user);
