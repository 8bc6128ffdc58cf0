CREATE TABLE t (a int, total int);
