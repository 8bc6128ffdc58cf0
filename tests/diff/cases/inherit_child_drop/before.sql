CREATE TABLE notes (
    id integer NOT NULL,
    body text NOT NULL DEFAULT '',
    CONSTRAINT notes_body_short CHECK (length(body) < 1000)
);
CREATE TABLE customer_notes (customer_id integer NOT NULL) INHERITS (notes);
