CREATE TYPE measure AS (value bigint, unit text);
CREATE TABLE readings (id int, m measure);
