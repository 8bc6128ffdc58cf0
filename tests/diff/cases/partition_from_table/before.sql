CREATE TABLE events_2024 (at timestamptz NOT NULL, kind text);
