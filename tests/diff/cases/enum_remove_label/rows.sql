INSERT INTO tickets VALUES (1, 'sad'), (2, 'happy'), (3, NULL);
