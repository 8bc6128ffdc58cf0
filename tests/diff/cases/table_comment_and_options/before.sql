CREATE TABLE events (id int) WITH (fillfactor = 90);
