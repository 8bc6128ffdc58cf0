-- The audit log of an account: keyset pages, newest first, never OFFSET.
--
-- audit_logs is partitioned by month on created_at; the primary key of every
-- partition, (account_id, created_at, id), read backwards, is the order of the
-- page, so each page is an ordered Append of backward index scans that stops
-- after page_size rows, whatever the depth of the page.

-- name: audit_logs_first_page
-- The newest page_size events of an account.
-- sample: WITH weights AS (SELECT account_id, count(*) AS rows FROM audit_logs GROUP BY account_id) (SELECT account_id, 50 AS page_size, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, 50 AS page_size, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, account_id, actor_user_id, action, resource_type, resource_id, metadata, ip, created_at
FROM audit_logs
WHERE account_id = %(account_id)s
ORDER BY created_at DESC, id DESC
LIMIT %(page_size)s;

-- name: audit_logs_page
-- The page_size events of an account just older than (before_at, before_id), the
-- last row of the previous page. The row comparison is the exact keyset; the
-- plain `created_at <= before_at` says the same for the planner, which can then
-- prune the partitions of later months (it does not prune on a row comparison).
-- The cursor is the account's newest event, so the page reads the events older
-- than it: accounts with at least two events, weighed by that count.
-- sample: WITH weights AS (SELECT account_id, count(*) - 1 AS rows FROM audit_logs GROUP BY account_id HAVING count(*) > 1), picked AS ((SELECT 1 AS pick, account_id, rows FROM weights ORDER BY rows DESC, account_id LIMIT 1) UNION ALL (SELECT 2, account_id, rows FROM weights ORDER BY rows, account_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)) SELECT p.account_id, e.created_at AS before_at, e.id AS before_id, 50 AS page_size, p.rows FROM picked p CROSS JOIN LATERAL (SELECT created_at, id FROM audit_logs l WHERE l.account_id = p.account_id ORDER BY created_at DESC, id DESC LIMIT 1) e ORDER BY p.pick
SELECT id, account_id, actor_user_id, action, resource_type, resource_id, metadata, ip, created_at
FROM audit_logs
WHERE account_id = %(account_id)s
  AND created_at <= %(before_at)s
  AND (created_at, id) < (%(before_at)s, %(before_id)s)
ORDER BY created_at DESC, id DESC
LIMIT %(page_size)s;
