CREATE TABLE events (at timestamptz NOT NULL, kind text, n int, extra text) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01 00:00:00+00') TO ('2024-01-01 00:00:00+00');
CREATE TABLE events_2024 (n int, kind text, at timestamptz NOT NULL, extra text);
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
CREATE INDEX events_kind_idx ON events (kind);
