-- Who may do what: least privilege for the roles of 01_roles.sql.
--
-- Every table is owned by the role that runs the migrations; the application
-- connects as (a member of) primecloud_app, which owns nothing: it cannot
-- change the schema, disable a trigger or drop a partition, and it gets only
-- the statements primedb.storage runs (queries/ and queries/mutations/), table
-- by table. Nobody but the owner may TRUNCATE; orders and invoices, fiscal
-- records, are never deleted by the application (no DELETE), and
-- account_members is the only table it deletes from. Identity columns need no
-- privilege on their sequences. A partitioned table's privileges are checked
-- on the table queried; its partitions take the same (the DEFAULT ones here,
-- the months as ensure_monthly_partitions() makes them), so an error a
-- partition raises may quote the row it refused.
-- Functions stay executable by PUBLIC (CHECKs and triggers call them as the
-- user), except the partition maintenance of 90_partitions.sql, which only the
-- owner's scheduler runs.

GRANT SELECT, INSERT ON users TO primecloud_app;
GRANT SELECT, INSERT, UPDATE ON accounts TO primecloud_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON account_members TO primecloud_app;
GRANT SELECT, INSERT, UPDATE ON invitations TO primecloud_app;
GRANT SELECT ON products, subscriptions, orders, invoices TO primecloud_app;
GRANT SELECT, INSERT, UPDATE ON buckets TO primecloud_app;
GRANT SELECT, INSERT, UPDATE ON access_keys TO primecloud_app;
GRANT SELECT, INSERT ON usage_records, usage_records_default TO primecloud_app;
GRANT SELECT, INSERT, UPDATE ON quota_requests TO primecloud_app;
GRANT SELECT, INSERT, UPDATE ON notifications TO primecloud_app;
GRANT SELECT, INSERT ON audit_logs, audit_logs_default TO primecloud_app;

GRANT SELECT ON users, accounts, account_members, invitations, products, subscriptions,
    orders, invoices, buckets, usage_records, usage_records_default, quota_requests,
    notifications, audit_logs, audit_logs_default
    TO primecloud_analytics;
-- Access keys without their secrets.
GRANT SELECT (id, account_id, access_key_id, status, created_at, updated_at, rotated_at,
              revoked_at, last_used_at)
    ON access_keys TO primecloud_analytics;
