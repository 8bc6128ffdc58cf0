CREATE TABLE accounts (id int PRIMARY KEY, name text);
CREATE INDEX accounts_name_idx ON accounts (name);
