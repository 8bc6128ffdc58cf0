CREATE TYPE new_state AS ENUM ('draft', 'new', 'paid', 'void');
CREATE TABLE invoices (id int, s new_state, history new_state[]);
