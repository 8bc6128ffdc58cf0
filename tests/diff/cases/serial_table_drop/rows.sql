INSERT INTO notes (body) VALUES ('a');
