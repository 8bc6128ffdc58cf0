INSERT INTO customer_notes VALUES (-1, 'negative ids are fine here', 3);
