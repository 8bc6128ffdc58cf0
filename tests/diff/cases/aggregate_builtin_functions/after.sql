CREATE AGGREGATE product(numeric) (SFUNC = numeric_mul, STYPE = numeric, COMBINEFUNC = numeric_mul,
    INITCOND = '1', PARALLEL = SAFE);
CREATE AGGREGATE moving_sum(integer) (SFUNC = int4pl, STYPE = integer, MSFUNC = int4pl,
    MINVFUNC = int4mi, MSTYPE = integer);
CREATE AGGREGATE biggest(integer) (SFUNC = int4larger, STYPE = integer, SORTOP = >);
