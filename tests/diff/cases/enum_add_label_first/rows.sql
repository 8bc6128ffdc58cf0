INSERT INTO alerts VALUES (1, '{low,high}');
