CREATE TYPE point2 AS (x int, y int);
