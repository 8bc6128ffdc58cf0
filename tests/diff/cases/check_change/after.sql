CREATE TABLE t (status text, CONSTRAINT t_status_check CHECK (status IN ('a', 'b', 'c')));
