CREATE EXTENSION btree_gist;
CREATE TABLE bookings (room int, during tstzrange,
    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&));
