CREATE TABLE invoices (id serial PRIMARY KEY, note text);
ALTER TABLE invoices OWNER TO corpus_owner;
GRANT SELECT, UPDATE ON invoices TO corpus_app;
GRANT SELECT (note) ON invoices TO corpus_app;
GRANT SELECT ON invoices TO corpus_reader;
GRANT USAGE ON SEQUENCE invoices_id_seq TO corpus_app;
