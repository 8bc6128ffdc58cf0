CREATE TABLE parents (id int, tenant int, CONSTRAINT parents_key UNIQUE (id));
CREATE TABLE children (parent_id int CONSTRAINT children_parent_fkey REFERENCES parents (id));
