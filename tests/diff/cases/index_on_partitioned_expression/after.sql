CREATE TABLE events (at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01 00:00:00+00') TO ('2021-01-01 00:00:00+00');
CREATE TABLE events_2021 PARTITION OF events FOR VALUES FROM ('2021-01-01 00:00:00+00') TO ('2022-01-01 00:00:00+00');
CREATE INDEX events_lower_kind_idx ON events (lower(kind));
CREATE UNIQUE INDEX events_at_key ON events (at, kind) WHERE kind IS NOT NULL;
