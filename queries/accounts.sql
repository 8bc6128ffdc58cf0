-- Accounts, users and memberships: the canonical read-only queries.
-- Every query has a `-- sample:` returning parameter sets (a heavy and a typical
-- entity) so analyzers and benchmarks can run it unattended on a seeded database.

-- name: accounts_for_user
-- The accounts of a user, with the user's role and each account's member count.
-- account_members_user_id_idx finds the memberships; each count is an index-only
-- walk of account_members_pkey, whose leading column is account_id.
-- sample: WITH weights AS (SELECT user_id, count(*) AS rows FROM account_members GROUP BY user_id) (SELECT user_id, rows FROM weights ORDER BY rows DESC, user_id LIMIT 1) UNION ALL (SELECT user_id, rows FROM weights ORDER BY rows, user_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT a.id, a.name, a.cnpj, a.status, m.role,
       (SELECT count(*) FROM account_members c WHERE c.account_id = a.id) AS member_count
FROM account_members m
JOIN accounts a ON a.id = m.account_id
WHERE m.user_id = %(user_id)s
ORDER BY a.name, a.id;

-- name: account_by_id
-- One account by id.
-- A unique key: every account reads one row, so heavy is the first by id, typical the median.
-- sample: WITH weights AS (SELECT id AS account_id, 1 AS rows FROM accounts) (SELECT account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, name, cnpj, status, created_at, updated_at
FROM accounts
WHERE id = %(account_id)s;

-- name: members_of_account
-- The members of an account with their names, owners first.
-- account_members_pkey (account_id, user_id) finds them.
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM account_members GROUP BY account_id) (SELECT account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT m.account_id, m.user_id, u.email, u.name, m.role, m.created_at
FROM account_members m
JOIN users u ON u.id = m.user_id
WHERE m.account_id = %(account_id)s
ORDER BY array_position(ARRAY['owner', 'admin', 'member', 'viewer'], m.role), m.created_at, m.user_id;

-- name: member_role
-- A user's role in an account (no row: not a member). Primary-key lookup.
-- The entity is a membership: each reads one row, so heavy is the first by
-- (account_id, user_id), typical the median.
-- sample: WITH weights AS (SELECT account_id, user_id, 1 AS rows FROM account_members) (SELECT account_id, user_id, rows FROM weights ORDER BY rows DESC, account_id, user_id LIMIT 1) UNION ALL (SELECT account_id, user_id, rows FROM weights ORDER BY rows, account_id, user_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT account_id, user_id, role, created_at
FROM account_members
WHERE account_id = %(account_id)s AND user_id = %(user_id)s;

-- name: account_owner_count
-- How many owners an account has (the last one may not leave).
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM account_members WHERE role = 'owner' GROUP BY account_id) (SELECT account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT count(*) AS owners
FROM account_members
WHERE account_id = %(account_id)s AND role = 'owner';

-- name: user_by_email
-- The sign-in lookup, case-insensitive: served by users_email_lower_key.
-- The entity is a user's e-mail: each reads one row, so heavy is the first user
-- by id, typical the median.
-- sample: WITH weights AS (SELECT id AS user_id, email, 1 AS rows FROM users) (SELECT email, rows FROM weights ORDER BY rows DESC, user_id LIMIT 1) UNION ALL (SELECT email, rows FROM weights ORDER BY rows, user_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, email, name, created_at
FROM users
WHERE lower(email) = lower(%(email)s);

-- name: user_by_id
-- One user by id.
-- A unique key: every user reads one row, so heavy is the first by id, typical the median.
-- sample: WITH weights AS (SELECT id AS user_id, 1 AS rows FROM users) (SELECT user_id, rows FROM weights ORDER BY rows DESC, user_id LIMIT 1) UNION ALL (SELECT user_id, rows FROM weights ORDER BY rows, user_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, email, name, created_at
FROM users
WHERE id = %(user_id)s;
