CREATE TABLE orders (id int, status varchar(20), region text);
