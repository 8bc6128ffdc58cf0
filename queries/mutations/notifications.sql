-- Statements that write notifications.

-- name: insert_notification
INSERT INTO notifications (user_id, account_id, kind, title, body)
VALUES (%(user_id)s, %(account_id)s, %(kind)s, %(title)s, %(body)s)
RETURNING id, user_id, account_id, kind, title, body, read, created_at;

-- name: update_notifications_read
-- Marks the given notifications of a user read; ids of other users, and ones
-- already read, are left alone. account_id groups the audit rows.
UPDATE notifications SET read = true
WHERE user_id = %(user_id)s AND id = ANY (%(ids)s::bigint[]) AND NOT read
RETURNING id, account_id;

-- name: update_all_notifications_read
-- Every unread notification of a user: the (user_id, read, ...) index finds them.
UPDATE notifications SET read = true
WHERE user_id = %(user_id)s AND NOT read
RETURNING id, account_id;
