CREATE DOMAIN small_count AS bigint CHECK (VALUE >= 0);
CREATE TABLE stock (id int, qty small_count);
