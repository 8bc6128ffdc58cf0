CREATE COLLATION folded (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE tags (label text COLLATE folded);
CREATE INDEX tags_label_idx ON tags (label);
