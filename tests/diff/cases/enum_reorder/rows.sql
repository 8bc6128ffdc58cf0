INSERT INTO shirts VALUES (1, 'medium'), (2, 'large');
