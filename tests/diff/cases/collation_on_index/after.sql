CREATE COLLATION bytes (provider = libc, locale = 'C');
CREATE TABLE words (w text);
CREATE INDEX words_w_bytes_idx ON words (w COLLATE bytes);
