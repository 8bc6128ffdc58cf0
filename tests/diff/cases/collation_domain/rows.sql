INSERT INTO users VALUES ('a@b.c');
