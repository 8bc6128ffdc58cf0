CREATE TABLE invoices (id int PRIMARY KEY, total_cents bigint NOT NULL DEFAULT 0, note text);
CREATE FUNCTION settle(id int) RETURNS int LANGUAGE sql AS 'SELECT id';
