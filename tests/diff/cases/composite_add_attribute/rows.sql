INSERT INTO sites VALUES (1, ROW('Rua A', 'Recife'));
