CREATE TABLE invoices (id int PRIMARY KEY, total_cents bigint NOT NULL DEFAULT 0, note text);
GRANT UPDATE (total_cents) ON invoices TO corpus_app;
