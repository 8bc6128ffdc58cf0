CREATE TABLE events (at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
-- primedb: renamed from events_old
CREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01 00:00:00+00') TO ('2021-01-01 00:00:00+00');
CREATE INDEX events_kind_idx ON events (kind);
