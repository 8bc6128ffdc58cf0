CREATE TABLE t (id int, amount integer);
CREATE VIEW big AS SELECT id, amount FROM t WHERE amount > 100;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY positive ON t USING (amount > 0);
