CREATE TABLE t (id int, name text, email text);
CREATE VIEW people AS SELECT id, name, email FROM t;
CREATE VIEW people_ids AS SELECT id FROM people;
