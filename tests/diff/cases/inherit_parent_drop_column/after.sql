CREATE TABLE notes (id integer NOT NULL, body text);
CREATE TABLE customer_notes (customer_id integer) INHERITS (notes);
