CREATE TABLE legacy_orders (id int);
CREATE TABLE orders (id int PRIMARY KEY);
CREATE FUNCTION legacy_total() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM legacy_orders';
