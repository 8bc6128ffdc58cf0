CREATE TABLE people (
    id int PRIMARY KEY,
    -- primedb: renamed from full_name
    name text NOT NULL CHECK (name <> '')
);
CREATE INDEX people_full_name_idx ON people (name);
