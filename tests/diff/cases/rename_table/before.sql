CREATE TABLE customers (id serial CONSTRAINT customers_pkey PRIMARY KEY, name text);
CREATE INDEX customers_name_idx ON customers (name);
CREATE TABLE orders (customer_id int CONSTRAINT orders_customer_id_fkey REFERENCES customers (id));
CREATE VIEW customer_names AS SELECT name FROM customers;
