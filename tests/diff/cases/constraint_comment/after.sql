CREATE TABLE t (qty int CONSTRAINT t_qty_check CHECK (qty > 0));
COMMENT ON CONSTRAINT t_qty_check ON t IS 'never zero';
