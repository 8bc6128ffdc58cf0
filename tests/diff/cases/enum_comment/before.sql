CREATE TYPE mood AS ENUM ('sad', 'happy');
COMMENT ON TYPE mood IS 'old';
