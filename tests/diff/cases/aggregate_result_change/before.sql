CREATE FUNCTION add_cents(total bigint, cents integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS 'SELECT total + cents';
CREATE FUNCTION to_reais(total bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT total / 100.0';
CREATE TABLE sales (cents integer);
CREATE AGGREGATE total_cents(integer) (SFUNC = add_cents, STYPE = bigint, INITCOND = '0');
CREATE VIEW sales_total AS SELECT total_cents(cents) AS total FROM sales;
