INSERT INTO readings VALUES (1, ROW(42, 'kg'));
