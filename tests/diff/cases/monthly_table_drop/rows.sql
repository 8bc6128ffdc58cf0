INSERT INTO audit VALUES (now(), 'x');
