CREATE AGGREGATE product(numeric) (SFUNC = numeric_mul, STYPE = numeric, INITCOND = '1');
REVOKE EXECUTE ON FUNCTION product(numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION product(numeric) TO corpus_reader;
