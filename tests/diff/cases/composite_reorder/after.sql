CREATE TYPE pair AS (b int, a int);
CREATE FUNCTION first_of(p pair) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT p.a';
