CREATE TABLE prices (id int);
