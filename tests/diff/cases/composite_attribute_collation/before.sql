CREATE COLLATION bytes (provider = libc, locale = 'C');
