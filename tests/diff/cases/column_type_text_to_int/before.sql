CREATE TABLE t (id int, qty text);
