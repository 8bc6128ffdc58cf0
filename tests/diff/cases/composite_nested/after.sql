CREATE TYPE amount AS (cents bigint, currency text);
CREATE TYPE line AS (sku text, price amount, qty int);
CREATE TABLE orders (id int, lines line[]);
