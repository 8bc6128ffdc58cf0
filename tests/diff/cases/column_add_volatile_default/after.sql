CREATE TABLE t (id int, token uuid NOT NULL DEFAULT gen_random_uuid());
