CREATE TABLE t (id int, active boolean NOT NULL DEFAULT true);
