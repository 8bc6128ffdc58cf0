CREATE DOMAIN code AS text;
CREATE TABLE items (id int, code code);
