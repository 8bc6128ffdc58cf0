CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE tickets (id int PRIMARY KEY, mood mood, CONSTRAINT not_sad CHECK (mood <> 'sad'));
CREATE VIEW happy_tickets AS SELECT id FROM tickets WHERE mood = 'happy';
CREATE FUNCTION cheer(m mood) RETURNS text LANGUAGE sql IMMUTABLE RETURN m::text || '!';
