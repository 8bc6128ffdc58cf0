CREATE TABLE events (at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
