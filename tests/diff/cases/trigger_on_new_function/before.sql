CREATE TABLE t (id int, updated_at timestamptz);
