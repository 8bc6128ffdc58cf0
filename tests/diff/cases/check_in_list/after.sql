CREATE TABLE orders (id int, status varchar(20), CONSTRAINT orders_status_known CHECK (status IN ('new', 'paid', 'void')));
CREATE VIEW open_orders AS SELECT id FROM orders WHERE status IN ('new', 'paid');
