-- Quota requests: the canonical read-only queries.

-- name: pending_quota_requests
-- The staff queue: pending requests, oldest first, from the partial index
-- quota_requests_pending_idx (created_at) WHERE status = 'pending'.
-- No entity: the queue is one. Heavy is the staff screen's page of 50, typical
-- a glance at its 5 oldest.
-- sample: SELECT 50 AS page_size UNION ALL SELECT 5
SELECT q.id, q.account_id, a.name AS account_name, q.requested_by, q.resource,
       q.current_limit, q.requested_limit, q.status, q.reason, q.decided_by, q.decided_at,
       q.created_at
FROM quota_requests q
JOIN accounts a ON a.id = q.account_id
WHERE q.status = 'pending'
ORDER BY q.created_at, q.id
LIMIT %(page_size)s;

-- name: quota_requests_for_account
-- An account's quota requests, newest first (quota_requests_account_id_requested_by_idx
-- leads with account_id).
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM quota_requests GROUP BY account_id) (SELECT account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, requested_by, resource, current_limit, requested_limit, status, reason,
       decided_by, decided_at, created_at
FROM quota_requests
WHERE account_id = %(account_id)s
ORDER BY created_at DESC, id DESC;

-- name: quota_request_by_id
-- One quota request.
-- A unique key: every request reads one row, so heavy is the first by id, typical the median.
-- sample: WITH weights AS (SELECT id AS request_id, 1 AS rows FROM quota_requests) (SELECT request_id, rows FROM weights ORDER BY rows DESC, request_id LIMIT 1) UNION ALL (SELECT request_id, rows FROM weights ORDER BY rows, request_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, requested_by, resource, current_limit, requested_limit, status, reason,
       decided_by, decided_at, created_at
FROM quota_requests
WHERE id = %(request_id)s;
