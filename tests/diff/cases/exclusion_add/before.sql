CREATE EXTENSION btree_gist;
CREATE TABLE bookings (room int, during tstzrange);
