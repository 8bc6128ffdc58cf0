CREATE TYPE level AS ENUM ('low', 'high');
CREATE TABLE alerts (id int, level level[]);
