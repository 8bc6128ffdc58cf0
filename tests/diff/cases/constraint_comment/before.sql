CREATE TABLE t (qty int CONSTRAINT t_qty_check CHECK (qty > 0));
