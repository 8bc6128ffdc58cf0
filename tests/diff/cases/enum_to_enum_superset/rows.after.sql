INSERT INTO invoices VALUES (2, 'new', '{paid}');
