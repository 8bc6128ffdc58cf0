CREATE TABLE orders (id int, status varchar(20));
