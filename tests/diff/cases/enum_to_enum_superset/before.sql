CREATE TYPE old_state AS ENUM ('new', 'paid');
CREATE TABLE invoices (id int, s old_state, history old_state[]);
