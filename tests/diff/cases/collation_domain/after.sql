CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE DOMAIN email AS text COLLATE nocase CHECK (VALUE LIKE '%@%');
CREATE TABLE users (email email);
