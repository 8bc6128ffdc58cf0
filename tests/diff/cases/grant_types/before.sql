CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE DOMAIN cents AS bigint CHECK (VALUE >= 0);
CREATE TYPE pair AS (a int, b int);
