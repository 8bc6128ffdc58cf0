CREATE TABLE parents (id int, tenant int, CONSTRAINT parents_key UNIQUE (id) WITH (fillfactor = 80));
CREATE TABLE children (parent_id int CONSTRAINT children_parent_fkey REFERENCES parents (id));
