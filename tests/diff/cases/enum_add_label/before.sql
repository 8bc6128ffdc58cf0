CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE tickets (id int PRIMARY KEY, mood mood NOT NULL DEFAULT 'sad');
