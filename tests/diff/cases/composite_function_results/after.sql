CREATE TYPE point2 AS (x int, y int);
CREATE FUNCTION origin() RETURNS point2 LANGUAGE sql IMMUTABLE AS 'SELECT ROW(0, 0)::point2';
CREATE FUNCTION grid(n int) RETURNS TABLE (p point2, label text) LANGUAGE sql IMMUTABLE
    AS 'SELECT ROW(g, g)::point2, g::text FROM generate_series(1, n) AS g';
