-- Access keys: the canonical read-only queries.

-- name: access_key_lookup
-- The authentication hot path, run on every S3 request: a key by its public id,
-- with its sealed secret and its account's status. One probe of
-- access_keys_access_key_id_key and one of accounts_pkey.
-- A unique key: every key reads one row, so heavy is the first by id, typical the median.
-- sample: WITH weights AS (SELECT id, access_key_id, 1 AS rows FROM access_keys) (SELECT access_key_id, rows FROM weights ORDER BY rows DESC, id LIMIT 1) UNION ALL (SELECT access_key_id, rows FROM weights ORDER BY rows, id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT k.id, k.account_id, k.access_key_id, k.status, k.secret_ciphertext, k.secret_kek_id,
       k.created_at, k.rotated_at, k.revoked_at, k.last_used_at, a.status AS account_status
FROM access_keys k
JOIN accounts a ON a.id = k.account_id
WHERE k.access_key_id = %(access_key_id)s;

-- name: access_keys_for_account
-- An account's keys (never the secrets), newest first; access_keys_account_id_idx.
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM access_keys GROUP BY account_id) (SELECT account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, access_key_id, status, created_at, rotated_at, revoked_at, last_used_at
FROM access_keys
WHERE account_id = %(account_id)s
ORDER BY created_at DESC, id DESC;
