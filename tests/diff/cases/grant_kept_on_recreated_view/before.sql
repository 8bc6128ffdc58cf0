CREATE TABLE invoices (id int PRIMARY KEY, total_cents bigint NOT NULL DEFAULT 0, note text);
CREATE VIEW notes AS SELECT id, note FROM invoices;
GRANT SELECT ON notes TO corpus_reader;
