CREATE TABLE notes (id integer NOT NULL, body text);
CREATE TABLE flags (flagged boolean NOT NULL DEFAULT false);
CREATE TABLE flagged_notes () INHERITS (notes, flags);
COMMENT ON COLUMN flagged_notes.flagged IS 'set by moderators';
