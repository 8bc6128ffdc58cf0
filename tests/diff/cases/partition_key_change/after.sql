CREATE TABLE logs (at timestamptz NOT NULL, source text NOT NULL) PARTITION BY LIST (source);
CREATE TABLE logs_web PARTITION OF logs FOR VALUES IN ('web');
