CREATE TABLE t (email text);
CREATE INDEX t_email_idx ON t (email);
