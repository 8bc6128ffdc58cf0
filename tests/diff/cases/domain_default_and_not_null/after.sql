CREATE DOMAIN code AS text DEFAULT 'none' NOT NULL;
CREATE TABLE items (id int, code code);
