CREATE TABLE settings (id int);
