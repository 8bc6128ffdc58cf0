CREATE FUNCTION settle_invoice_with_a_long_name(invoice_id bigint, paid_at timestamp with time zone, note text) RETURNS int LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION settle_invoice_with_a_long_name(bigint, timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION settle_invoice_with_a_long_name(bigint, timestamptz, text) TO corpus_app;
