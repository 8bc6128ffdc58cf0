CREATE TABLE t (id int PRIMARY KEY, legacy_id int);
