CREATE TABLE t (id int, note text);
