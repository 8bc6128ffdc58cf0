CREATE TABLE t (code varchar(20));
