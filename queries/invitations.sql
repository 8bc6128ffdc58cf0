-- Invitations to join an account: the canonical read-only queries.

-- name: pending_invitations
-- An account's pending invitations that have not expired, newest first.
-- invitations_account_id_invited_by_idx leads with account_id.
-- sample: SELECT account_id FROM invitations WHERE status = 'pending' GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 2
SELECT id, account_id, email, role, status, invited_by, expires_at, accepted_at, created_at
FROM invitations
WHERE account_id = %(account_id)s AND status = 'pending' AND expires_at > now()
ORDER BY created_at DESC, id DESC;

-- name: pending_invitations_for_email
-- The invitations waiting for an e-mail address across accounts (shown at sign-in):
-- the partial index invitations_pending_email_idx holds only pending ones.
-- sample: SELECT email FROM invitations WHERE status = 'pending' ORDER BY id LIMIT 2
SELECT i.id, i.account_id, a.name AS account_name, i.role, i.expires_at, i.created_at
FROM invitations i
JOIN accounts a ON a.id = i.account_id
WHERE lower(i.email) = lower(%(email)s) AND i.status = 'pending' AND i.expires_at > now()
ORDER BY i.created_at DESC, i.id DESC;

-- name: invitation_by_token_hash
-- The invitation a token opens (by the SHA-256 of the token: invitations_token_hash_key).
-- sample: SELECT token_hash FROM invitations ORDER BY id LIMIT 2
SELECT id, account_id, email, role, status, invited_by, expires_at, accepted_at, created_at
FROM invitations
WHERE token_hash = %(token_hash)s;
