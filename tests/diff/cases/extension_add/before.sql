CREATE TABLE rooms (room int, during tstzrange);
