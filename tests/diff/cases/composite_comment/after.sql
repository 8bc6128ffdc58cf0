CREATE TYPE pair AS (a int, b int);
COMMENT ON TYPE pair IS 'two numbers';
COMMENT ON COLUMN pair.b IS 'the second';
