CREATE TABLE sales (id int, cents integer);
CREATE MATERIALIZED VIEW sales_total AS SELECT sum(cents) AS total FROM sales;
