-- Statements that write metering and quota requests.

-- name: insert_usage_records
-- A batch of one account's usage in one statement and one round trip: parallel
-- arrays, unnested. A NULL recorded_at means now.
INSERT INTO usage_records (account_id, bucket_id, metric, quantity, recorded_at)
SELECT %(account_id)s, u.bucket_id, u.metric, u.quantity, coalesce(u.recorded_at, now())
FROM unnest(%(bucket_ids)s::bigint[], %(metrics)s::text[], %(quantities)s::bigint[],
            %(recorded_ats)s::timestamptz[]) AS u (bucket_id, metric, quantity, recorded_at)
RETURNING id;

-- name: insert_quota_request
INSERT INTO quota_requests (account_id, requested_by, resource, current_limit, requested_limit, reason)
VALUES (%(account_id)s, %(requested_by)s, %(resource)s, %(current_limit)s, %(requested_limit)s,
        %(reason)s)
RETURNING id, account_id, requested_by, resource, current_limit, requested_limit, status, reason,
          decided_by, decided_at, created_at;

-- name: lock_quota_request
SELECT id, account_id, requested_by, resource, current_limit, requested_limit, status, reason,
       decided_by, decided_at, created_at
FROM quota_requests
WHERE id = %(request_id)s
FOR NO KEY UPDATE;

-- name: update_quota_request_decision
UPDATE quota_requests SET status = %(status)s, decided_by = %(decided_by)s, decided_at = now()
WHERE id = %(request_id)s
RETURNING id, account_id, requested_by, resource, current_limit, requested_limit, status, reason,
          decided_by, decided_at, created_at;
