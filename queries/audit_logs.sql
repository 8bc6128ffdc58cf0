-- The audit log of an account: keyset pages, newest first, never OFFSET.
--
-- audit_logs is partitioned by month on created_at; the primary key of every
-- partition, (account_id, created_at, id), read backwards, is the order of the
-- page, so each page is an ordered Append of backward index scans that stops
-- after page_size rows, whatever the depth of the page.

-- name: audit_logs_first_page
-- The newest page_size events of an account.
-- sample: (SELECT account_id, 50 AS page_size FROM audit_logs GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1) UNION ALL (SELECT account_id, 50 AS page_size FROM audit_logs GROUP BY account_id ORDER BY count(*), account_id LIMIT 1)
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
-- sample: (SELECT account_id, created_at AS before_at, id AS before_id, 50 AS page_size FROM audit_logs WHERE account_id = (SELECT account_id FROM audit_logs GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1) ORDER BY created_at DESC, id DESC OFFSET 1 LIMIT 1) UNION ALL (SELECT account_id, created_at, id, 10 FROM audit_logs ORDER BY account_id DESC, created_at DESC, id DESC OFFSET 1 LIMIT 1)
SELECT id, account_id, actor_user_id, action, resource_type, resource_id, metadata, ip, created_at
FROM audit_logs
WHERE account_id = %(account_id)s
  AND created_at <= %(before_at)s
  AND (created_at, id) < (%(before_at)s, %(before_id)s)
ORDER BY created_at DESC, id DESC
LIMIT %(page_size)s;
