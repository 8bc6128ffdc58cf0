CREATE DOMAIN code AS text;
COMMENT ON DOMAIN code IS 'a code';
