CREATE COLLATION bytes (provider = libc, locale = 'C');
CREATE TYPE tagged AS (tag text COLLATE bytes, n int);
