CREATE SEQUENCE invoice_numbers;
GRANT USAGE, SELECT ON SEQUENCE invoice_numbers TO corpus_app;
