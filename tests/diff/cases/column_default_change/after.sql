CREATE TABLE t (status text DEFAULT 'pending', kind text);
