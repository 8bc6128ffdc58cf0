-- Invitations to join an account: the canonical read-only queries.

-- name: pending_invitations
-- An account's pending invitations that have not expired, newest first.
-- invitations_account_id_invited_by_idx leads with account_id.
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM invitations WHERE status = 'pending' AND expires_at > now() GROUP BY account_id) (SELECT account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, email, role, status, invited_by, expires_at, accepted_at, created_at
FROM invitations
WHERE account_id = %(account_id)s AND status = 'pending' AND expires_at > now()
ORDER BY created_at DESC, id DESC;

-- name: pending_invitations_for_email
-- The invitations waiting for an e-mail address across accounts (shown at sign-in):
-- the partial index invitations_pending_email_idx holds only pending ones.
-- The entity is an e-mail with pending invitations, weighed by their number;
-- ties go to the e-mail invited first.
-- sample: WITH weights AS (SELECT min(id) AS id, lower(email) AS email, count(*) AS rows FROM invitations WHERE status = 'pending' AND expires_at > now() GROUP BY lower(email)) (SELECT email, rows FROM weights ORDER BY rows DESC, id LIMIT 1) UNION ALL (SELECT email, rows FROM weights ORDER BY rows, id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT i.id, i.account_id, a.name AS account_name, i.role, i.expires_at, i.created_at
FROM invitations i
JOIN accounts a ON a.id = i.account_id
WHERE lower(i.email) = lower(%(email)s) AND i.status = 'pending' AND i.expires_at > now()
ORDER BY i.created_at DESC, i.id DESC;

-- name: invitation_by_token_hash
-- The invitation a token opens (by the SHA-256 of the token: invitations_token_hash_key).
-- The entity is a token: each opens one invitation, so heavy is the first
-- invitation by id, typical the median.
-- sample: WITH weights AS (SELECT id, token_hash, 1 AS rows FROM invitations) (SELECT token_hash, rows FROM weights ORDER BY rows DESC, id LIMIT 1) UNION ALL (SELECT token_hash, rows FROM weights ORDER BY rows, id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, email, role, status, invited_by, expires_at, accepted_at, created_at
FROM invitations
WHERE token_hash = %(token_hash)s;
