CREATE TABLE t (code varchar(50));
