CREATE TABLE parents (id int PRIMARY KEY);
CREATE TABLE children (id int, parent_id int REFERENCES parents (id));
