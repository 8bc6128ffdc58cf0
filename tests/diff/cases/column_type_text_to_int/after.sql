CREATE TABLE t (id int, qty integer);
