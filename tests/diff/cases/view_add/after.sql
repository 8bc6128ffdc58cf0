CREATE TABLE t (id int, name text);
CREATE VIEW named AS SELECT id, name FROM t WHERE name IS NOT NULL;
CREATE VIEW named_ids AS SELECT id FROM named;
COMMENT ON VIEW named IS 'with a name';
