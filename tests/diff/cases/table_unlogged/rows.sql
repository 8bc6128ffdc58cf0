INSERT INTO cache VALUES ('a', '1');
