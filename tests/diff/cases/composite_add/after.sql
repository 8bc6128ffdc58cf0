CREATE TYPE money_amount AS (cents bigint, currency char(3));
COMMENT ON TYPE money_amount IS 'an amount in one currency';
CREATE TABLE prices (id int, amount money_amount);
