CREATE TABLE parents (id int NOT NULL, tenant int NOT NULL, CONSTRAINT parents_pkey PRIMARY KEY (id));
CREATE TABLE children (parent_id int CONSTRAINT children_parent_fkey REFERENCES parents (id));
