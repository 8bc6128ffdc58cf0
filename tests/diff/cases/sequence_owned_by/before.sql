CREATE SEQUENCE order_numbers;
CREATE TABLE orders (number bigint DEFAULT nextval('order_numbers'));
