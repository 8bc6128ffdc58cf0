-- primedb: renamed from customers
CREATE TABLE clients (
    id int CONSTRAINT clients_pkey PRIMARY KEY,
    -- primedb: renamed from full_name
    name text
);
