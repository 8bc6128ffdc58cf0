CREATE TYPE feeling AS ENUM ('sad', 'happy');
CREATE TABLE t (m feeling);
