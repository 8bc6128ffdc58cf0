CREATE TABLE notes (id integer NOT NULL, body text);
CREATE TABLE flags (flagged boolean NOT NULL DEFAULT false);
