CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE tickets (id int PRIMARY KEY, mood mood);
