CREATE FUNCTION add_cents(total bigint, cents integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS 'SELECT total + cents';
