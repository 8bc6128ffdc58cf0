CREATE TABLE t (id int, name text, email text);
CREATE VIEW people WITH (security_barrier = true) AS SELECT id, name, email FROM t WHERE id > 0;
