CREATE TABLE docs (id int, owner text);
