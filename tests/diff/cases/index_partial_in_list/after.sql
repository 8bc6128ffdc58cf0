CREATE TABLE orders (id int, status varchar(20), region text);
CREATE INDEX orders_open_idx ON orders (id) WHERE status IN ('new', 'paid');
CREATE INDEX orders_south_idx ON orders (id) WHERE region IN ('sul', 'sudeste');
