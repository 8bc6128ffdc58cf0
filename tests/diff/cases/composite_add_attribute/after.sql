CREATE TYPE address AS (street text, city text, zip text);
CREATE TABLE sites (id int, at address);
