INSERT INTO events VALUES ('2021-03-01', 'x'), ('2020-03-01', 'y');
