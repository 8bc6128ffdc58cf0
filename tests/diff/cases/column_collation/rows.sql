INSERT INTO t VALUES ('b'), ('a');
