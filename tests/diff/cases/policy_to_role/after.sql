CREATE TABLE invoices (id int PRIMARY KEY, total_cents bigint NOT NULL DEFAULT 0, note text);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoices_app ON invoices FOR SELECT TO corpus_app USING (total_cents >= 0);
GRANT SELECT ON invoices TO corpus_app;
