INSERT INTO t VALUES ('happy');
