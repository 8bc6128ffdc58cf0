CREATE DOMAIN code AS text CONSTRAINT code_upper CHECK (VALUE = upper(VALUE));
