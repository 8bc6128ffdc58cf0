CREATE TABLE parents (id int PRIMARY KEY);
CREATE TABLE children (parent_id int CONSTRAINT children_parent_fkey REFERENCES parents (id) ON DELETE SET NULL);
