CREATE TYPE status AS ENUM ('new', 'paid', 'void');
CREATE TYPE state AS ENUM ('new', 'paid');
CREATE TABLE invoices (id int, s status NOT NULL DEFAULT 'new');
