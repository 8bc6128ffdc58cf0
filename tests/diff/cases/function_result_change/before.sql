CREATE TABLE nums (n integer);
CREATE FUNCTION twice(n integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN n * 2;
CREATE VIEW doubled AS SELECT twice(n) AS d FROM nums;
