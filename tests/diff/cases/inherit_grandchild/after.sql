CREATE TABLE a (x int);
CREATE TABLE b (y int) INHERITS (a);
CREATE TABLE c (z int) INHERITS (b);
