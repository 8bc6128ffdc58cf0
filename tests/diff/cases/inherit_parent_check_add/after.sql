CREATE TABLE notes (
    id integer NOT NULL,
    body text NOT NULL DEFAULT '',
    CONSTRAINT notes_body_short CHECK (length(body) < 1000)
);
ALTER TABLE notes ADD CONSTRAINT notes_id_positive CHECK (id > 0);
CREATE TABLE customer_notes (customer_id integer) INHERITS (notes);
