CREATE TABLE clients (id serial CONSTRAINT clients_pkey PRIMARY KEY, name text);
CREATE INDEX clients_name_idx ON clients (name);
CREATE TABLE orders (customer_id int CONSTRAINT orders_customer_id_fkey REFERENCES clients (id));
CREATE VIEW customer_names AS SELECT name FROM clients;
