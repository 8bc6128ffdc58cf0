INSERT INTO customer_notes VALUES (1, 'hello', 7); INSERT INTO notes VALUES (2, 'parent');
