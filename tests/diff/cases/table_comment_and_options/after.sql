CREATE TABLE events (id int) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01);
COMMENT ON TABLE events IS 'append mostly';
