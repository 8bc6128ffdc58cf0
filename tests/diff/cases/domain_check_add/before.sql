CREATE DOMAIN cents AS bigint;
CREATE TABLE prices (id int, amount cents);
