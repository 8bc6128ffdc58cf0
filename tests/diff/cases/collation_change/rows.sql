INSERT INTO tags VALUES ('Rio'), ('rio');
