CREATE TABLE t (id int, code text NOT NULL);
