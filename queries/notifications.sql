-- Notifications: a user's inbox, the canonical read-only queries.

-- name: notifications_unread_first
-- A user's notifications, unread first, then newest first. The ORDER BY is exactly
-- notifications_user_read_created_idx (user_id, read, created_at DESC, id DESC), so
-- the plan is an index scan that stops after page_size rows, with no sort.
-- sample: (SELECT user_id, 20 AS page_size FROM notifications GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1) UNION ALL (SELECT user_id, 20 AS page_size FROM notifications GROUP BY user_id ORDER BY count(*), user_id OFFSET (SELECT count(DISTINCT user_id) / 2 FROM notifications) LIMIT 1)
SELECT id, user_id, account_id, kind, title, body, read, created_at
FROM notifications
WHERE user_id = %(user_id)s
ORDER BY read, created_at DESC, id DESC
LIMIT %(page_size)s;

-- name: notifications_unread_count
-- The badge: how many unread notifications a user has (index-only on the same index).
-- sample: (SELECT user_id FROM notifications WHERE NOT read GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1) UNION ALL (SELECT user_id FROM notifications ORDER BY id DESC LIMIT 1)
SELECT count(*) AS unread
FROM notifications
WHERE user_id = %(user_id)s AND NOT read;
