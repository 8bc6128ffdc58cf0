CREATE FUNCTION add_cents(total bigint, cents integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS 'SELECT total + coalesce(cents, 0)';
CREATE AGGREGATE total_cents(integer) (SFUNC = add_cents, STYPE = bigint, INITCOND = '0');
