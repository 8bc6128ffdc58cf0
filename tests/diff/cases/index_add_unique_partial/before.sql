CREATE TABLE t (email text, active boolean, id int);
