CREATE TABLE t (id int);
CREATE VIEW all_ids AS SELECT id FROM t;
CREATE SEQUENCE numbers;
CREATE TABLE u (n bigint DEFAULT nextval('numbers'));
