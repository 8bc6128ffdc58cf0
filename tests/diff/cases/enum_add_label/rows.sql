INSERT INTO tickets VALUES (1, 'sad'), (2, 'happy');
