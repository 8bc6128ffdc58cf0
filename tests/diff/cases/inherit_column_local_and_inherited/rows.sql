INSERT INTO notes VALUES (1, 'parent', 'old');
INSERT INTO customer_notes VALUES (2, 'child', 'kept', 7);
