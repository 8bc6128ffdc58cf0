-- Accounts, users and memberships: the canonical read-only queries.
-- Every query has a `-- sample:` returning parameter sets (a heavy and a typical
-- entity) so analyzers and benchmarks can run it unattended on a seeded database.

-- name: accounts_for_user
-- The accounts of a user, with the user's role and each account's member count.
-- account_members_user_id_idx finds the memberships; each count is an index-only
-- walk of account_members_pkey, whose leading column is account_id.
-- sample: (SELECT user_id FROM account_members GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1) UNION ALL (SELECT user_id FROM account_members GROUP BY user_id ORDER BY count(*), user_id OFFSET (SELECT count(DISTINCT user_id) / 2 FROM account_members) LIMIT 1)
SELECT a.id, a.name, a.cnpj, a.status, m.role,
       (SELECT count(*) FROM account_members c WHERE c.account_id = a.id) AS member_count
FROM account_members m
JOIN accounts a ON a.id = m.account_id
WHERE m.user_id = %(user_id)s
ORDER BY a.name, a.id;

-- name: account_by_id
-- One account by id.
-- sample: (SELECT id AS account_id FROM accounts ORDER BY id LIMIT 1) UNION ALL (SELECT id FROM accounts WHERE status = 'active' ORDER BY id DESC LIMIT 1)
SELECT id, name, cnpj, status, created_at, updated_at
FROM accounts
WHERE id = %(account_id)s;

-- name: members_of_account
-- The members of an account with their names, owners first.
-- account_members_pkey (account_id, user_id) finds them.
-- sample: (SELECT account_id FROM account_members GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1) UNION ALL (SELECT account_id FROM account_members GROUP BY account_id ORDER BY count(*), account_id LIMIT 1)
SELECT m.account_id, m.user_id, u.email, u.name, m.role, m.created_at
FROM account_members m
JOIN users u ON u.id = m.user_id
WHERE m.account_id = %(account_id)s
ORDER BY array_position(ARRAY['owner', 'admin', 'member', 'viewer'], m.role), m.created_at, m.user_id;

-- name: member_role
-- A user's role in an account (no row: not a member). Primary-key lookup.
-- sample: SELECT account_id, user_id FROM account_members ORDER BY account_id, user_id LIMIT 2
SELECT account_id, user_id, role, created_at
FROM account_members
WHERE account_id = %(account_id)s AND user_id = %(user_id)s;

-- name: account_owner_count
-- How many owners an account has (the last one may not leave).
-- sample: SELECT DISTINCT account_id FROM account_members ORDER BY account_id LIMIT 2
SELECT count(*) AS owners
FROM account_members
WHERE account_id = %(account_id)s AND role = 'owner';

-- name: user_by_email
-- The sign-in lookup, case-insensitive: served by users_email_lower_key.
-- sample: (SELECT upper(email) AS email FROM users ORDER BY id LIMIT 1) UNION ALL (SELECT email FROM users ORDER BY id DESC LIMIT 1)
SELECT id, email, name, created_at
FROM users
WHERE lower(email) = lower(%(email)s);

-- name: user_by_id
-- One user by id.
-- sample: (SELECT id AS user_id FROM users ORDER BY id LIMIT 1) UNION ALL (SELECT id FROM users ORDER BY id DESC LIMIT 1)
SELECT id, email, name, created_at
FROM users
WHERE id = %(user_id)s;
