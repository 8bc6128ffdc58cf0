CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
CREATE TABLE tickets (id int PRIMARY KEY, mood mood NOT NULL DEFAULT 'sad');
