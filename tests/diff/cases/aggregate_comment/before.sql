CREATE FUNCTION add_cents(total bigint, cents integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS 'SELECT total + cents';
CREATE AGGREGATE total_cents(integer) (SFUNC = add_cents, STYPE = bigint, INITCOND = '0');
