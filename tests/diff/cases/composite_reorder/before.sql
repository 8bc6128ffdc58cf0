CREATE TYPE pair AS (a int, b int);
CREATE FUNCTION first_of(p pair) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT p.a';
