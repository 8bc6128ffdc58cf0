-- Notifications: a user's inbox, the canonical read-only queries.

-- name: notifications_unread_first
-- A user's notifications, unread first, then newest first. The ORDER BY is exactly
-- notifications_user_read_created_idx (user_id, read, created_at DESC, id DESC), so
-- the plan is an index scan that stops after page_size rows, with no sort.
-- sample: WITH weights AS (SELECT user_id, count(*) AS rows FROM notifications GROUP BY user_id) (SELECT user_id, 20 AS page_size, rows FROM weights ORDER BY rows DESC, user_id LIMIT 1) UNION ALL (SELECT user_id, 20 AS page_size, rows FROM weights ORDER BY rows, user_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT id, user_id, account_id, kind, title, body, read, created_at
FROM notifications
WHERE user_id = %(user_id)s
ORDER BY read, created_at DESC, id DESC
LIMIT %(page_size)s;

-- name: notifications_unread_count
-- The badge: how many unread notifications a user has (index-only on the same index).
-- sample: WITH weights AS (SELECT user_id, count(*) AS rows FROM notifications WHERE NOT read GROUP BY user_id) (SELECT user_id, rows FROM weights ORDER BY rows DESC, user_id LIMIT 1) UNION ALL (SELECT user_id, rows FROM weights ORDER BY rows, user_id OFFSET (SELECT (count(*) - 1) / 2 FROM weights) LIMIT 1)
SELECT count(*) AS unread
FROM notifications
WHERE user_id = %(user_id)s AND NOT read;
