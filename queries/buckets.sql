-- Buckets and their lifecycle rules: the canonical read-only queries.

-- name: buckets_for_account
-- All of an account's buckets with their rules, by name:
-- buckets_account_id_name_key (account_id, name) gives them in order.
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM buckets GROUP BY account_id) (SELECT account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, name, region, versioning, lifecycle_rules, created_at, updated_at
FROM buckets
WHERE account_id = %(account_id)s
ORDER BY name;

-- name: buckets_with_lifecycle
-- An account's buckets with at least one enabled lifecycle rule. The containment
-- test is the predicate of buckets_lifecycle_enabled_idx, written the same way
-- so that the planner can match it.
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM buckets WHERE lifecycle_rules @> '[{"Status": "Enabled"}]' GROUP BY account_id) (SELECT account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, name, region, versioning, lifecycle_rules, created_at, updated_at
FROM buckets
WHERE account_id = %(account_id)s
  AND lifecycle_rules @> '[{"Status": "Enabled"}]'
ORDER BY name;

-- name: lifecycle_worker_batch
-- The lifecycle worker's next batch across all accounts: buckets with an enabled
-- rule after a given id, by id. Walks buckets_lifecycle_enabled_idx (partial on
-- that predicate, keyed by id) and stops after batch_size rows.
-- The entity is the worker's position, 0 or the id of an enabled bucket, weighed
-- by the enabled buckets after it. Heavy is the start of the walk, typical its
-- median position; both take a batch of 100.
-- sample: WITH weights AS (SELECT after_id, rows FROM (SELECT 0 AS after_id, count(*) AS rows FROM buckets WHERE lifecycle_rules @> '[{"Status": "Enabled"}]' UNION ALL SELECT id, count(*) OVER (ORDER BY id DESC) - 1 FROM buckets WHERE lifecycle_rules @> '[{"Status": "Enabled"}]') AS positions WHERE rows > 0) (SELECT after_id, 100 AS batch_size, rows FROM weights ORDER BY rows DESC, after_id LIMIT 1) UNION ALL (SELECT after_id, 100 AS batch_size, rows FROM weights ORDER BY rows, after_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, name, lifecycle_rules
FROM buckets
WHERE lifecycle_rules @> '[{"Status": "Enabled"}]' AND id > %(after_id)s
ORDER BY id
LIMIT %(batch_size)s;

-- name: bucket_by_id
-- One bucket of an account (the account is part of the key: tenant isolation).
-- A unique key: every bucket reads one row, so heavy is the first by id, typical the median.
-- sample: WITH weights AS (SELECT id AS bucket_id, account_id, 1 AS rows FROM buckets) (SELECT account_id, bucket_id, rows FROM weights ORDER BY rows DESC, bucket_id LIMIT 1) UNION ALL (SELECT account_id, bucket_id, rows FROM weights ORDER BY rows, bucket_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, name, region, versioning, lifecycle_rules, created_at, updated_at
FROM buckets
WHERE account_id = %(account_id)s AND id = %(bucket_id)s;
