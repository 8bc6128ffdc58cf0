CREATE TYPE level AS ENUM ('none', 'low', 'high');
CREATE TABLE alerts (id int, level level[]);
