-- Buckets and their lifecycle rules: the canonical read-only queries.

-- name: buckets_for_account
-- All of an account's buckets with their rules, by name:
-- buckets_account_id_name_key (account_id, name) gives them in order.
-- sample: (SELECT account_id FROM buckets GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1) UNION ALL (SELECT account_id FROM buckets GROUP BY account_id ORDER BY count(*), account_id LIMIT 1)
SELECT id, account_id, name, region, versioning, lifecycle_rules, created_at, updated_at
FROM buckets
WHERE account_id = %(account_id)s
ORDER BY name;

-- name: buckets_with_lifecycle
-- An account's buckets with at least one enabled lifecycle rule. The containment
-- test is the predicate of buckets_lifecycle_enabled_idx, written the same way
-- so that the planner can match it.
-- sample: (SELECT account_id FROM buckets WHERE lifecycle_rules @> '[{"Status": "Enabled"}]' GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1) UNION ALL (SELECT account_id FROM buckets WHERE lifecycle_rules @> '[{"Status": "Enabled"}]' ORDER BY id DESC LIMIT 1)
SELECT id, account_id, name, region, versioning, lifecycle_rules, created_at, updated_at
FROM buckets
WHERE account_id = %(account_id)s
  AND lifecycle_rules @> '[{"Status": "Enabled"}]'
ORDER BY name;

-- name: lifecycle_worker_batch
-- The lifecycle worker's next batch across all accounts: buckets with an enabled
-- rule after a given id, by id. Walks buckets_lifecycle_enabled_idx (partial on
-- that predicate, keyed by id) and stops after batch_size rows.
-- sample: SELECT 0 AS after_id, 100 AS batch_size UNION ALL SELECT min(id) AS after_id, 10 AS batch_size FROM buckets WHERE lifecycle_rules @> '[{"Status": "Enabled"}]'
SELECT id, account_id, name, lifecycle_rules
FROM buckets
WHERE lifecycle_rules @> '[{"Status": "Enabled"}]' AND id > %(after_id)s
ORDER BY id
LIMIT %(batch_size)s;

-- name: bucket_by_id
-- One bucket of an account (the account is part of the key: tenant isolation).
-- sample: (SELECT account_id, id AS bucket_id FROM buckets ORDER BY id LIMIT 1) UNION ALL (SELECT account_id, id FROM buckets ORDER BY id DESC LIMIT 1)
SELECT id, account_id, name, region, versioning, lifecycle_rules, created_at, updated_at
FROM buckets
WHERE account_id = %(account_id)s AND id = %(bucket_id)s;
