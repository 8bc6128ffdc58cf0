-- Statements that write invitations. An invitation is locked after its account
-- (lock_account), never before: see primedb/storage/members.py.

-- name: upsert_invitation
-- One pending invitation per account and e-mail (invitations_pending_email_key):
-- inviting again replaces the token, role, inviter and expiry of the pending one.
-- `inserted` tells a new row (xmax = 0) from a renewed one, for the audit action.
INSERT INTO invitations (account_id, email, role, token_hash, invited_by, expires_at)
VALUES (%(account_id)s, %(email)s, %(role)s, %(token_hash)s, %(invited_by)s,
        now() + %(expires_in)s)
ON CONFLICT (account_id, lower(email)) WHERE status = 'pending'
DO UPDATE SET token_hash = EXCLUDED.token_hash, role = EXCLUDED.role,
              invited_by = EXCLUDED.invited_by, expires_at = EXCLUDED.expires_at
RETURNING id, account_id, email, role, status, invited_by, expires_at, accepted_at, created_at,
          xmax = 0 AS inserted;

-- name: lock_invitation
SELECT id, account_id, email, role, status, invited_by, expires_at, accepted_at, created_at,
       expires_at <= now() AS expired
FROM invitations
WHERE id = %(invitation_id)s
FOR UPDATE;

-- name: update_invitation_accepted
UPDATE invitations SET status = 'accepted', accepted_at = now()
WHERE id = %(invitation_id)s
RETURNING id, account_id, email, role, status, invited_by, expires_at, accepted_at, created_at;
