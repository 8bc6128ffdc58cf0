CREATE TABLE events (at timestamptz NOT NULL, kind text, n int) PARTITION BY RANGE (at);
CREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01 00:00:00+00') TO ('2021-01-01 00:00:00+00');
CREATE INDEX events_kind_n_idx ON events (kind) INCLUDE (n);
CREATE UNIQUE INDEX events_at_kind_key ON events (at, kind);
