CREATE DOMAIN cents AS bigint CONSTRAINT cents_positive CHECK (VALUE >= 0);
CREATE TABLE prices (id int, amount cents);
