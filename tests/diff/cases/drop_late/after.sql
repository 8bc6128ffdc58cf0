CREATE TABLE orders (id int PRIMARY KEY, total_cents bigint);
CREATE INDEX orders_total_idx ON orders (total_cents);
