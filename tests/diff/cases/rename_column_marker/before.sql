CREATE TABLE people (id int PRIMARY KEY, full_name text NOT NULL CHECK (full_name <> ''));
CREATE INDEX people_full_name_idx ON people (full_name);
