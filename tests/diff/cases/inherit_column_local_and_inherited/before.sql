CREATE TABLE notes (id integer NOT NULL, body text, legacy text);
CREATE TABLE customer_notes (legacy text, customer_id integer) INHERITS (notes);
