CREATE TYPE size AS ENUM ('small', 'large', 'medium');
CREATE TABLE shirts (id int, size size);
