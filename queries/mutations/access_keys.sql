-- Statements that write access keys. Keys are never deleted (access_keys_no_delete).

-- name: insert_access_key
INSERT INTO access_keys (account_id, access_key_id, secret_ciphertext, secret_kek_id)
VALUES (%(account_id)s, %(access_key_id)s, %(secret_ciphertext)s, %(secret_kek_id)s)
RETURNING id, account_id, access_key_id, status, created_at, rotated_at, revoked_at, last_used_at;

-- name: lock_access_key
SELECT id, account_id, access_key_id, status, created_at, rotated_at, revoked_at, last_used_at
FROM access_keys
WHERE account_id = %(account_id)s AND access_key_id = %(access_key_id)s
FOR NO KEY UPDATE;

-- name: update_access_key_secret
-- A rotation: a new sealed secret, the same access_key_id (rotated_at is stamped
-- by the trigger access_keys_stamp).
UPDATE access_keys SET secret_ciphertext = %(secret_ciphertext)s, secret_kek_id = %(secret_kek_id)s
WHERE account_id = %(account_id)s AND access_key_id = %(access_key_id)s
RETURNING id, account_id, access_key_id, status, created_at, rotated_at, revoked_at, last_used_at;

-- name: update_access_key_status
-- revoked_at is stamped by the trigger access_keys_stamp.
UPDATE access_keys SET status = %(status)s
WHERE account_id = %(account_id)s AND access_key_id = %(access_key_id)s
RETURNING id, account_id, access_key_id, status, created_at, rotated_at, revoked_at, last_used_at;
