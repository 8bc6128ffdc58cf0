CREATE TABLE t (id int, name text, email text);
CREATE VIEW people AS SELECT id, name FROM t;
