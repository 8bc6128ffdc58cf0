CREATE TABLE secrets (id int, owner text);
