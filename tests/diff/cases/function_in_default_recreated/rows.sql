INSERT INTO codes (id) VALUES (1);
