CREATE TABLE customers (id int CONSTRAINT customers_pkey PRIMARY KEY, full_name text);
