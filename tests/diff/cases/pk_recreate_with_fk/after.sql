CREATE TABLE parents (id int NOT NULL, tenant int NOT NULL, CONSTRAINT parents_pkey PRIMARY KEY (id, tenant));
CREATE TABLE children (parent_id int);
