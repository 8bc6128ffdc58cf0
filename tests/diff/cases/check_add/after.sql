CREATE TABLE t (qty int, CONSTRAINT t_qty_positive CHECK (qty > 0));
