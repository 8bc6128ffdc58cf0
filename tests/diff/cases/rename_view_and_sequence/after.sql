CREATE TABLE t (id int);
CREATE VIEW every_id AS SELECT id FROM t;
CREATE SEQUENCE counters;
CREATE TABLE u (n bigint DEFAULT nextval('counters'));
