CREATE EXTENSION hstore VERSION '1.7';
CREATE TABLE settings (id int, pairs hstore);
