-- The one statement that writes the audit log (append-only: audit_logs_append_only).

-- name: insert_audit_log
INSERT INTO audit_logs (account_id, actor_user_id, action, resource_type, resource_id, metadata, ip)
VALUES (%(account_id)s, %(actor_user_id)s, %(action)s, %(resource_type)s, %(resource_id)s,
        %(metadata)s, %(ip)s)
RETURNING id, created_at;
