-- The entities a workload draws its arguments from: real rows of the seeded database.

-- name: workload_accounts
-- Active accounts with their owner, the ones the application serves.
SELECT a.id AS account_id, m.user_id AS owner_id
FROM public.accounts a
JOIN public.account_members m ON m.account_id = a.id AND m.role = 'owner'
WHERE a.status = 'active'
ORDER BY a.id
LIMIT 2000;

-- name: workload_access_keys
-- Active keys: what S3 requests present.
SELECT access_key_id FROM public.access_keys WHERE status = 'active' ORDER BY id LIMIT 5000;

-- name: workload_buckets
SELECT b.account_id, b.id AS bucket_id
FROM public.buckets b
JOIN public.accounts a ON a.id = b.account_id AND a.status = 'active'
ORDER BY b.id
LIMIT 5000;

-- name: workload_users
-- Users with an inbox.
SELECT DISTINCT user_id FROM public.notifications ORDER BY user_id LIMIT 2000;
