-- Invitations to join an account: the canonical read-only queries.

-- name: pending_invitations
-- An account's pending invitations that have not expired at `now`, newest first.
-- invitations_account_id_invited_by_idx leads with account_id.
-- `now` is the caller's clock, not the server's now(), so that the same data gives
-- the same rows whenever the query runs (the benchmarks compare rows across runs):
-- the samples take the moment of the data, when its newest invitation was sent.
-- sample: WITH clock AS (SELECT max(created_at) AS now FROM invitations), weights AS (SELECT i.account_id, c.now, count(*) AS rows FROM invitations i, clock c WHERE i.status = 'pending' AND i.expires_at > c.now GROUP BY i.account_id, c.now) (SELECT account_id, now, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, now, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, email, role, status, invited_by, expires_at, accepted_at, created_at
FROM invitations
WHERE account_id = %(account_id)s AND status = 'pending' AND expires_at > %(now)s
ORDER BY created_at DESC, id DESC;

-- name: pending_invitations_for_email
-- The invitations waiting for an e-mail address across accounts (shown at sign-in):
-- the partial index invitations_pending_email_idx holds only pending ones.
-- The entity is an e-mail with pending invitations, weighed by their number;
-- ties go to the e-mail invited first. `now` is the caller's clock, as above.
-- sample: WITH clock AS (SELECT max(created_at) AS now FROM invitations), weights AS (SELECT min(i.id) AS id, lower(i.email) AS email, c.now, count(*) AS rows FROM invitations i, clock c WHERE i.status = 'pending' AND i.expires_at > c.now GROUP BY lower(i.email), c.now) (SELECT email, now, rows FROM weights ORDER BY rows DESC, id LIMIT 1) UNION ALL (SELECT email, now, rows FROM weights ORDER BY rows, id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT i.id, i.account_id, a.name AS account_name, i.role, i.expires_at, i.created_at
FROM invitations i
JOIN accounts a ON a.id = i.account_id
WHERE lower(i.email) = lower(%(email)s) AND i.status = 'pending' AND i.expires_at > %(now)s
ORDER BY i.created_at DESC, i.id DESC;

-- name: invitation_by_token_hash
-- The invitation a token opens (by the SHA-256 of the token: invitations_token_hash_key).
-- The entity is a token: each opens one invitation, so heavy is the first
-- invitation by id, typical the median.
-- sample: WITH weights AS (SELECT id, token_hash, 1 AS rows FROM invitations) (SELECT token_hash, rows FROM weights ORDER BY rows DESC, id LIMIT 1) UNION ALL (SELECT token_hash, rows FROM weights ORDER BY rows, id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, email, role, status, invited_by, expires_at, accepted_at, created_at
FROM invitations
WHERE token_hash = %(token_hash)s;
