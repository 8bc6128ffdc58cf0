CREATE TABLE parents (id int, tenant int, CONSTRAINT parents_key UNIQUE NULLS NOT DISTINCT (id));
CREATE TABLE children (parent_id int CONSTRAINT children_parent_fkey REFERENCES parents (id));
