CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE tickets (id int PRIMARY KEY, mood mood DEFAULT 'happy');
