CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the application';
