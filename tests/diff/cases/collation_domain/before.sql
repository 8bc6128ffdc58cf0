CREATE TABLE users (email text);
