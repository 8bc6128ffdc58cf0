-- Statements that write users, accounts and memberships (run by primedb.storage only).
-- Verbs lead the names: insert_, update_, delete_, lock_ (SELECT ... FOR UPDATE).

-- name: insert_user
INSERT INTO users (email, name)
VALUES (%(email)s, %(name)s)
RETURNING id, email, name, created_at;

-- name: insert_account
INSERT INTO accounts (name, cnpj)
VALUES (%(name)s, %(cnpj)s)
RETURNING id, name, cnpj, status, created_at, updated_at;

-- name: lock_account
-- The account row, locked for a status change or a membership change. NO KEY
-- UPDATE is what the owner check of the schema takes too, and it does not block
-- other sessions' foreign-key checks against the account.
SELECT id, name, cnpj, status, created_at, updated_at
FROM accounts
WHERE id = %(account_id)s
FOR NO KEY UPDATE;

-- name: update_account_status
UPDATE accounts SET status = %(status)s
WHERE id = %(account_id)s
RETURNING id, name, cnpj, status, created_at, updated_at;

-- name: insert_member
INSERT INTO account_members (account_id, user_id, role)
VALUES (%(account_id)s, %(user_id)s, %(role)s)
RETURNING account_id, user_id, role, created_at;

-- name: update_member_role
UPDATE account_members SET role = %(role)s
WHERE account_id = %(account_id)s AND user_id = %(user_id)s
RETURNING account_id, user_id, role, created_at;

-- name: delete_member
DELETE FROM account_members
WHERE account_id = %(account_id)s AND user_id = %(user_id)s
RETURNING account_id, user_id, role, created_at;

-- name: lock_account_for_actor
-- The account's status and the acting user's role in it (NULL: not a member, or no user),
-- for `primedb.storage.permissions`. The account row is held FOR SHARE until commit, so a
-- concurrent closure, demotion or removal waits for the action (FOR SHARE does not block
-- other actions, nor foreign-key checks).
SELECT a.status, m.role
FROM accounts AS a
LEFT JOIN account_members AS m ON m.account_id = a.id AND m.user_id = %(user_id)s
WHERE a.id = %(account_id)s
FOR SHARE OF a;

-- name: lock_account_for_actor_update
-- `lock_account_for_actor` for an action that changes the account or its members: the row is locked as
-- lock_account locks it, so the action's own lock is no upgrade (two upgrades deadlock).
SELECT a.status, m.role
FROM accounts AS a
LEFT JOIN account_members AS m ON m.account_id = a.id AND m.user_id = %(user_id)s
WHERE a.id = %(account_id)s
FOR NO KEY UPDATE OF a;
