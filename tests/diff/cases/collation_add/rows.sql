INSERT INTO people VALUES (1, 'Ana'), (2, 'bob');
