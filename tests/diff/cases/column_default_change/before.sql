CREATE TABLE t (status text DEFAULT 'new', kind text DEFAULT 'x');
