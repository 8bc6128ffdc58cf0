CREATE TYPE money_amount AS (cents bigint, currency char(3));
CREATE TABLE prices (id int, amount money_amount);
