CREATE TYPE measure AS (value integer, unit text);
CREATE TABLE readings (id int, m measure);
