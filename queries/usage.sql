-- Metering: the canonical read-only queries over usage_records (partitioned by month).

-- name: usage_by_bucket_by_day
-- An account's usage per bucket, per UTC day and metric, over [from_at, to_at).
-- The range on recorded_at prunes the monthly partitions; inside each, the
-- primary key (account_id, recorded_at, id) gives the account's rows of the range
-- (usage_records_bucket_idx serves the same per bucket).
-- The range is the same for every account, the last 30 days of the data: the
-- accounts with usage then, weighed by their rows in it.
-- sample: WITH span AS (SELECT max(recorded_at) + interval '1 second' AS to_at FROM usage_records), weights AS (SELECT u.account_id, s.to_at - interval '30 days' AS from_at, s.to_at, count(*) AS rows FROM usage_records u, span s WHERE u.bucket_id IS NOT NULL AND u.recorded_at >= s.to_at - interval '30 days' AND u.recorded_at < s.to_at GROUP BY u.account_id, s.to_at) (SELECT account_id, from_at, to_at, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, from_at, to_at, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT u.bucket_id, b.name AS bucket_name,
       (u.recorded_at AT TIME ZONE 'UTC')::date AS day, u.metric, sum(u.quantity) AS quantity
FROM usage_records u
JOIN buckets b ON b.account_id = u.account_id AND b.id = u.bucket_id
WHERE u.account_id = %(account_id)s
  AND u.bucket_id IS NOT NULL
  AND u.recorded_at >= %(from_at)s AND u.recorded_at < %(to_at)s
GROUP BY u.bucket_id, b.name, day, u.metric
ORDER BY b.name, day, u.metric;

-- name: usage_totals_for_account
-- An account's total usage per metric over [from_at, to_at), buckets deleted or not:
-- the primary key (account_id, recorded_at, id) of each monthly partition.
-- The range is the same for every account, the whole of the data: the accounts
-- weighed by all their rows.
-- sample: WITH span AS (SELECT min(recorded_at) AS from_at, max(recorded_at) + interval '1 second' AS to_at FROM usage_records), weights AS (SELECT u.account_id, s.from_at, s.to_at, count(*) AS rows FROM usage_records u, span s GROUP BY u.account_id, s.from_at, s.to_at) (SELECT account_id, from_at, to_at, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, from_at, to_at, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT metric, sum(quantity) AS quantity, count(*) AS records
FROM usage_records
WHERE account_id = %(account_id)s
  AND recorded_at >= %(from_at)s AND recorded_at < %(to_at)s
GROUP BY metric
ORDER BY metric;
