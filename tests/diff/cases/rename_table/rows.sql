INSERT INTO customers (name) VALUES ('a'), ('b'); INSERT INTO orders VALUES (1);
