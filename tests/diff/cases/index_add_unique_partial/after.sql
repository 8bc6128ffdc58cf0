CREATE TABLE t (email text, active boolean, id int);
CREATE UNIQUE INDEX t_email_active ON t (lower(email) DESC NULLS LAST) INCLUDE (id) WITH (fillfactor = 70) WHERE active;
