CREATE FUNCTION next_code() RETURNS integer LANGUAGE sql RETURN 7;
CREATE TABLE codes (id int, code integer DEFAULT next_code());
