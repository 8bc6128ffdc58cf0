CREATE TABLE counters (n bigint);
CREATE FUNCTION counter_total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(n) FROM counters; END;
