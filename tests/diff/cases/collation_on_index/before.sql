CREATE COLLATION bytes (provider = libc, locale = 'C');
CREATE TABLE words (w text);
