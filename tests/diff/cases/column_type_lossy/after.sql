CREATE TABLE t (id int, price numeric(10,0));
