CREATE TABLE t (email text, CONSTRAINT t_email_key UNIQUE (email));
