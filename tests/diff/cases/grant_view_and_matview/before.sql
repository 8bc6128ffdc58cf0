CREATE TABLE invoices (id int PRIMARY KEY, total_cents bigint NOT NULL DEFAULT 0, note text);
CREATE VIEW big AS SELECT id FROM invoices WHERE total_cents > 1000;
CREATE MATERIALIZED VIEW totals AS SELECT sum(total_cents) AS s FROM invoices;
