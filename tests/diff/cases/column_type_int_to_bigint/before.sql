CREATE TABLE t (id int PRIMARY KEY, n integer DEFAULT 0);
