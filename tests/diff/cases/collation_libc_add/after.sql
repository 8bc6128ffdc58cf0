CREATE COLLATION bytes (provider = libc, lc_collate = 'C', lc_ctype = 'C.UTF-8');
CREATE TABLE codes (code text COLLATE bytes);
CREATE INDEX codes_code_idx ON codes (code);
