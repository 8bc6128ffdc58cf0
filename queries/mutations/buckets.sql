-- Statements that write buckets.

-- name: insert_bucket
INSERT INTO buckets (account_id, name, region, lifecycle_rules)
VALUES (%(account_id)s, %(name)s, %(region)s, %(lifecycle_rules)s)
RETURNING id, account_id, name, region, versioning, lifecycle_rules, created_at, updated_at;

-- name: lock_bucket
SELECT id, account_id, name, region, versioning, lifecycle_rules, created_at, updated_at
FROM buckets
WHERE account_id = %(account_id)s AND id = %(bucket_id)s
FOR NO KEY UPDATE;

-- name: update_bucket_versioning
UPDATE buckets SET versioning = %(versioning)s
WHERE account_id = %(account_id)s AND id = %(bucket_id)s
RETURNING id, account_id, name, region, versioning, lifecycle_rules, created_at, updated_at;

-- name: update_bucket_lifecycle_rules
UPDATE buckets SET lifecycle_rules = %(lifecycle_rules)s
WHERE account_id = %(account_id)s AND id = %(bucket_id)s
RETURNING id, account_id, name, region, versioning, lifecycle_rules, created_at, updated_at;
