CREATE DOMAIN cents AS bigint CHECK (VALUE >= 0);
CREATE TABLE prices (id int, amount cents);
